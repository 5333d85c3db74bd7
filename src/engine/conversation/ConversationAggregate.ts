import { ConflictError } from '../../errors/ConflictError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import type { ConversationEntity } from '../../model/entities.ts';
import type { ActionItem, FollowUp, Insight, Question } from '../../model/insights.ts';
import type { Member } from '../../model/members.ts';
import type { ConversationMessage } from '../../model/messages.ts';
import type { Topic } from '../../model/topics.ts';
import type { DetectedTracker } from '../../model/trackersDetected.ts';
import { applyConfidenceThreshold } from '../nlp/applyConfidenceThreshold.ts';
import { computeAnalytics } from '../nlp/computeAnalytics.ts';
import { detectActionItems } from '../nlp/detectActionItems.ts';
import { detectQuestions } from '../nlp/detectQuestions.ts';
import type {
  EngineActionItem,
  EngineEntity,
  EngineQuestion,
  InsightPerson,
  InsightPhrase,
} from '../nlp/EngineInsight.ts';
import type { EngineMessage, EngineSentiment, EngineSpeaker, InputUtterance } from '../nlp/EngineMessage.ts';
import { extractEntities } from '../nlp/extractEntities.ts';
import { extractPhrases } from '../nlp/extractPhrases.ts';
import { lemmaTokens } from '../nlp/lemmaTokens.ts';
import { assembleTrackers, type TrackedText } from '../nlp/matchTrackers.ts';
import { segmentUtterances } from '../nlp/segmentUtterances.ts';
import { summarize } from '../nlp/summarize.ts';
import { type EngineTopic, TopicIndex } from '../nlp/TopicIndex.ts';
import { type TrackerDefinition, type TrackerHit, TrackerMatcher } from '../nlp/TrackerMatcher.ts';
import { conversationZone } from '../time/conversationZone.ts';
import type { TimeZone } from '../time/TimeZone.ts';
import type { ConversationDelta } from './ConversationDelta.ts';
import type { ConversationOptions } from './ConversationOptions.ts';
import type { ConversationSnapshot } from './ConversationSnapshot.ts';
import { checkUtterance } from './checkUtterance.ts';
import { deterministicNumericId, deterministicUuid } from './deterministicId.ts';
import { MemberRegistry, type RegisteredMember } from './MemberRegistry.ts';
import { parseStartTime } from './parseStartTime.ts';

/**
 * A message as the Conversation API serves it (what a store keeps), given back to {@link
 * ConversationAggregate.restore}: `from` decides the member, `words` and `sentiment` are reused.
 * Not a stage of its own: the served message with the fields restoring needs.
 */
export type RestorableMessage = Pick<ConversationMessage, 'id' | 'text' | 'startTime' | 'endTime'> &
  Partial<Pick<ConversationMessage, 'from' | 'words' | 'sentiment'>>;

/** The aggregate's record of one analysed message: its wire id, member, phrases and tracker hits. */
interface MessageEntry {
  engine: EngineMessage;
  wireId: string;
  member: RegisteredMember;
  phrases: InsightPhrase[];
  hits: TrackerHit[];
}

/** The aggregate's record of one insight, with the message it came from and its tracker hits. */
interface InsightEntry {
  wire: Insight;
  messageIndex: number;
  hits: TrackerHit[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** A topic whose score moved less than this since it was last sent is not re-sent live. */
const topicScoreStep = 0.05;

/**
 * Engine types are interfaces; zod's loose wire types want index signatures. A mapped copy of the
 * type is structurally the same object and satisfies them.
 */
type Plain<T> = { [K in keyof T]: T[K] extends object ? Plain<T[K]> : T[K] };
function plain<T>(value: T): Plain<T> {
  return value as Plain<T>;
}

/**
 * The Conversation aggregate: ingests utterances one at a time (live) or all at once (batch),
 * keeps every insight current and says what changed. Both paths run the same per-utterance
 * analysis (segmentation, sentiment, questions, action items, entities, phrases, tracker
 * matches) with the same context, and conversation-wide results (topics, trackers, summary,
 * analytics) are pure functions of the accumulated state, so a conversation fed live ends in the
 * same snapshot as the same conversation fed as a batch. Ids are derived from the conversation id
 * and content position, never random.
 */
export class ConversationAggregate {
  readonly conversationId: string;
  readonly #options: ConversationOptions;
  readonly #startMs: number;
  /** The zone dates resolve in and due dates are served with. */
  readonly timeZone: TimeZone;
  readonly #members: MemberRegistry;
  readonly #trackers: readonly TrackerDefinition[];
  readonly #matcher: TrackerMatcher;
  readonly #topics = new TopicIndex();
  readonly #messages: MessageEntry[] = [];
  readonly #wireIdOf = new Map<string, string>();
  readonly #indexOf = new Map<string, number>();
  readonly #insights: InsightEntry[] = [];
  readonly #entities = new Map<string, ConversationEntity>();
  readonly #utteranceIds = new Set<string>();
  #utteranceCount = 0;
  #cursor = 0;
  #lastTopics = new Map<string, { signature: string; score: number }>();

  /** @throws ValidationError for a bad option (start time, threshold, trackers). */
  constructor(options: ConversationOptions = {}) {
    this.#options = options;
    this.#startMs = parseStartTime(options.startTime);
    this.timeZone = conversationZone(options);
    const threshold = options.confidenceThreshold;
    if (threshold !== undefined && !(Number.isFinite(threshold) && threshold >= 0 && threshold <= 1)) {
      throw new ValidationError('conversation options', [
        { path: 'confidenceThreshold', message: 'must be a number from 0 to 1' },
      ]);
    }
    this.conversationId =
      options.conversationId ??
      deterministicNumericId('conversation', options.name ?? '', String(this.#startMs));
    this.#trackers = (options.trackers ?? []).map((t) => ({
      ...t,
      id: t.id ?? deterministicNumericId(this.conversationId, 'tracker', t.name),
    }));
    this.#matcher = new TrackerMatcher(this.#trackers);
    this.#members = new MemberRegistry(this.conversationId, options.members ?? []);
  }

  /** Number of messages so far. */
  get messageCount(): number {
    return this.#messages.length;
  }

  /**
   * Adds one final utterance and returns what changed: members who joined, the new messages,
   * insights found in them, topics that changed, tracker and entity hits in them.
   * @throws ValidationError when the utterance is not an object with a string `text`.
   * @throws ConflictError when its `id` was already ingested.
   * @throws PayloadTooLargeError when its text exceeds the segmenter's limit.
   */
  ingest(utterance: InputUtterance): ConversationDelta[] {
    const deltas = this.#ingest(utterance, true);
    const topics = this.#topicsDelta();
    if (topics !== undefined) deltas.push(topics);
    return deltas;
  }

  /** Adds many utterances (a batch): the same analysis as `ingest`, without computing deltas. */
  ingestAll(utterances: Iterable<InputUtterance>): void {
    for (const utterance of utterances) this.#ingest(utterance, false);
  }

  #ingest(utterance: InputUtterance, wantDeltas: boolean): ConversationDelta[] {
    checkUtterance(utterance, this.#utteranceCount);
    if (utterance.id !== undefined) {
      if (this.#utteranceIds.has(utterance.id)) {
        throw new ConflictError(`utterance id "${utterance.id}" was already ingested`);
      }
      this.#utteranceIds.add(utterance.id);
    }
    const deltas: ConversationDelta[] = [];
    const speaker =
      utterance.speaker ?? this.#options.channels?.find((c) => c.channel === utterance.channel)?.speaker;
    const { member, created } = this.#members.resolve(speaker);
    if (created && wantDeltas) deltas.push({ kind: 'members', members: [this.#wireMember(member)] });

    const segmented = segmentUtterances([{ ...utterance, speaker: member.speaker }], {
      firstIndex: this.#messages.length,
      firstUtteranceOrdinal: this.#utteranceCount,
      startAt: this.#cursor,
      names: this.#members.names(),
    });
    this.#utteranceCount += 1;
    return this.#analyse(segmented, member, wantDeltas, deltas);
  }

  /**
   * Adds messages analysed before, in their wire shape (stored messages of an earlier job, to
   * re-attribute them or to append to them). Each keeps its id, text, times, words and
   * sentiment; its speaker is resolved again from `from` (`{}` is the unknown speaker), and
   * insights, entities, topics, phrases and tracker matches are recomputed from it exactly as
   * for an ingested message. Utterances ingested afterwards need ids of their own (`id`) that the
   * restored conversation never used, or their message ids may repeat restored ones.
   * @throws ValidationError when a message lacks an id, a text or valid ISO times.
   */
  restore(messages: Iterable<RestorableMessage>): void {
    for (const message of messages) {
      const seconds = (iso: string, path: string): number => {
        const ms = Date.parse(iso);
        if (!Number.isFinite(ms)) {
          throw new ValidationError('restored message', [{ path, message: 'must be an ISO time' }]);
        }
        return Math.max(0, (ms - this.#startMs) / 1000);
      };
      if (typeof message.id !== 'string' || message.id === '' || typeof message.text !== 'string') {
        throw new ValidationError('restored message', [
          { path: 'id', message: 'needs a string id and text' },
        ]);
      }
      if (this.#wireIdOf.has(message.id))
        throw new ConflictError(`message "${message.id}" was already restored`);
      const from = message.from ?? {};
      const known = Object.values(from).some((v) => typeof v === 'string' && v.trim() !== '');
      const { member } = this.#members.resolve(known ? (from as EngineSpeaker) : undefined);
      const score = message.sentiment?.polarity.score ?? 0;
      const engine: EngineMessage = {
        id: message.id,
        index: this.#messages.length,
        text: message.text,
        speaker: member.speaker,
        start: seconds(message.startTime, 'startTime'),
        end: seconds(message.endTime, 'endTime'),
        words: (message.words ?? []).map((w, i) => ({
          word: w.word,
          start: seconds(w.startTime, `words[${i}].startTime`),
          end: seconds(w.endTime, `words[${i}].endTime`),
          ...(w.score === undefined ? {} : { score: w.score }),
        })),
        sentiment: { score, suggested: message.sentiment?.suggested ?? 'neutral' },
        utteranceId: message.id,
      };
      this.#utteranceCount += 1;
      this.#analyse([engine], member, false, [], message.id);
    }
  }

  /** Everything after segmentation, shared by ingested and restored messages. */
  #analyse(
    segmented: EngineMessage[],
    member: RegisteredMember,
    wantDeltas: boolean,
    deltas: ConversationDelta[],
    restoredWireId?: string,
  ): ConversationDelta[] {
    if (segmented.length === 0) return deltas;
    // Earlier messages matter to the action-item detector only through who said them (whom a
    // request is addressed to); blank texts keep it from re-analysing them on every utterance.
    const context = this.#messages
      .slice(-(this.#options.contextMessages ?? 8))
      .map((m) => ({ ...m.engine, text: '', words: [] }));
    const fresh: MessageEntry[] = segmented.map((engine, position) => {
      const wireId =
        restoredWireId ??
        (this.#options.messageIdStyle === 'uuid'
          ? deterministicUuid(this.conversationId, 'message', engine.id)
          : deterministicNumericId(this.conversationId, 'message', engine.id));
      this.#wireIdOf.set(engine.id, wireId);
      this.#indexOf.set(engine.id, this.#messages.length + position);
      this.#cursor = Math.max(this.#cursor, engine.end);
      const tokens = lemmaTokens(engine.text);
      this.#topics.add(engine, tokens);
      return {
        engine,
        wireId,
        member,
        phrases: this.#options.detectPhrases === true ? extractPhrases(engine.text, tokens) : [],
        hits: this.#matcher.match(engine.text, tokens),
      };
    });
    const firstFresh = this.#messages.length;
    this.#messages.push(...fresh);
    const freshEngine = fresh.map((m) => m.engine);
    const freshIds = new Set(freshEngine.map((m) => m.id));

    // Insights of the new messages, seen with a bounded window of earlier ones as context.
    const dates = { startTime: this.#startMs, timeZone: this.timeZone };
    const memberSpeakers = this.#members.members.map((m) => m.speaker);
    const threshold = this.#options.confidenceThreshold ?? 0.5;
    const questions = applyConfidenceThreshold(detectQuestions(freshEngine), threshold);
    const actions = applyConfidenceThreshold(
      detectActionItems([...context, ...freshEngine], { ...dates, members: memberSpeakers }).filter((a) =>
        a.messageIds.every((id) => freshIds.has(id)),
      ),
      threshold,
    );
    const newInsights = [...questions, ...actions]
      .map((insight) => this.#storeInsight(insight, firstFresh))
      .sort((a, b) => a.messageIndex - b.messageIndex || typeRank(a.wire.type) - typeRank(b.wire.type));
    this.#insights.push(...newInsights);

    const newEntities = this.#ingestEntities(freshEngine, dates, memberSpeakers);

    if (!wantDeltas) return deltas;
    deltas.push({ kind: 'messages', messages: fresh.map((m) => this.#wireMessage(m)) });
    if (newInsights.length > 0) deltas.push({ kind: 'insights', insights: newInsights.map((i) => i.wire) });
    const trackers = this.#trackerResults([
      ...fresh.map((m) => this.#trackedMessage(m)),
      ...newInsights.map((i) => this.#trackedInsight(i)),
    ]);
    if (trackers.length > 0) deltas.push({ kind: 'trackers', trackers });
    if (newEntities.length > 0) deltas.push({ kind: 'entities', entities: newEntities });
    return deltas;
  }

  #storeInsight(insight: EngineQuestion | EngineActionItem, firstFresh: number): InsightEntry {
    const messageIds = insight.messageIds.map((id) => this.#wireIdOf.get(id) ?? id);
    const messageIndex = this.#indexOf.get(insight.messageIds[0] ?? '') ?? firstFresh;
    const source = this.#messages[messageIndex];
    const from = source === undefined ? {} : this.#person(source.member, 'insight');
    // Derived from the wire ids of its messages, so an insight keeps its id when the conversation
    // is restored from stored messages (appends, re-attribution).
    const id = deterministicNumericId(this.conversationId, 'insight', insight.type, ...messageIds);
    let wire: Insight;
    if (insight.type === 'question') {
      wire = {
        id,
        text: insight.text,
        type: 'question',
        score: insight.score,
        messageIds,
        from: plain(from),
      } satisfies Question;
    } else {
      const item: ActionItem | FollowUp = {
        id,
        text: insight.text,
        type: insight.type,
        score: insight.score,
        messageIds,
        entities: insight.entities.map((e) => ({
          ...e,
          ...(typeof e.value === 'number' ? { value: String(e.value) } : {}),
        })) as ActionItem['entities'],
        phrases: plain(insight.phrases),
        from: plain(from),
        definitive: insight.definitive,
        assignee: plain(this.#assignee(insight.assignee)),
        dueBy: insight.dueBy,
      };
      wire = item;
    }
    return { wire, messageIndex, hits: this.#matcher.match(insight.text) };
  }

  #ingestEntities(
    messages: EngineMessage[],
    dates: { startTime: number; timeZone: TimeZone },
    members: EngineMessage['speaker'][],
  ): ConversationEntity[] {
    const custom = this.#options.customEntities ?? [];
    if (this.#options.detectEntities !== true && custom.length === 0) return [];
    let found: EngineEntity[] = extractEntities(messages, { ...dates, members, customEntities: custom });
    if (this.#options.detectEntities !== true) found = found.filter((e) => e.type === 'custom');
    const added: ConversationEntity[] = [];
    for (const entity of found) {
      const key = JSON.stringify([
        entity.type,
        entity.customType,
        entity.value ?? entity.text.toLowerCase(),
        entity.start,
        entity.end,
      ]);
      const refs = entity.messageRefs.map((r) => ({ ...r, id: this.#wireIdOf.get(r.id) ?? r.id }));
      const existing = this.#entities.get(key);
      if (existing === undefined) {
        this.#entities.set(key, { ...entity, messageRefs: [...refs] });
      } else {
        existing.messageRefs.push(...refs);
      }
      added.push({ ...entity, messageRefs: refs });
    }
    return added;
  }

  /**
   * Topics that are new, gained messages, changed text or parent, or moved in score by at least
   * `topicScoreStep` since they were last sent. Scores are relative to the strongest topic, so
   * they drift a little with every message; re-sending every topic each time would make the live
   * cost grow with the conversation for no news.
   */
  #topicsDelta(): ConversationDelta | undefined {
    const current = this.#topics.topics();
    const next = new Map<string, { signature: string; score: number }>();
    const changed: Array<{ topic: Topic; rootWords: string[] }> = [];
    for (const topic of current) {
      const signature = `${topic.text}|${topic.messageIds.length}|${topic.parentRefs[0]?.text ?? ''}`;
      const sent = this.#lastTopics.get(topic.key);
      if (
        sent === undefined ||
        sent.signature !== signature ||
        Math.abs(sent.score - topic.score) >= topicScoreStep
      ) {
        changed.push({ topic: this.#wireTopic(topic), rootWords: topic.rootWords });
        next.set(topic.key, { signature, score: topic.score });
      } else {
        next.set(topic.key, sent);
      }
    }
    const removedTopicIds = [...this.#lastTopics.keys()]
      .filter((key) => !next.has(key))
      .map((key) => this.#topicId(key));
    this.#lastTopics = next;
    if (changed.length === 0 && removedTopicIds.length === 0) return undefined;
    return { kind: 'topics', topics: changed, removedTopicIds };
  }

  /** Every Conversation API resource as it stands now. */
  snapshot(): ConversationSnapshot {
    const engineTopics = this.#topics.topics();
    const messages = this.#messages.map((m) => this.#wireMessage(m));
    const insights = this.#insights.map((i) => i.wire);
    const members = this.#members.members.map((m) => this.#wireMember(m));
    const engineMessages = this.#messages.map((m) => m.engine);
    const lastEnd = this.#messages.reduce((end, m) => Math.max(end, m.engine.end), 0);
    const insightMessageIds = new Set(
      this.#insights.map((i) => this.#messages[i.messageIndex]?.engine.id ?? ''),
    );
    const summary = summarize(engineMessages, { topics: engineTopics, insightMessageIds }).map(
      (item, index) => ({
        id: deterministicNumericId(this.conversationId, 'summary', String(index)),
        text: item.text,
        messageRefs: item.messageRefs.map((r) => ({ id: this.#wireIdOf.get(r.id) ?? r.id })),
      }),
    );
    return {
      conversation: {
        id: this.conversationId,
        type: this.#options.type ?? 'meeting',
        name: this.#options.name ?? this.conversationId,
        startTime: this.#iso(0),
        endTime: this.#iso(lastEnd),
        members,
        metadata: {},
        timeZone: this.timeZone.name,
      },
      messages,
      topics: engineTopics.map((t) => this.#wireTopic(t)),
      questions: insights.filter((i): i is Question => i.type === 'question'),
      actionItems: insights.filter((i): i is ActionItem => i.type === 'action_item'),
      followUps: insights.filter((i): i is FollowUp => i.type === 'follow_up'),
      insights,
      members,
      entities: [...this.#entities.values()].map((e) => ({ ...e, messageRefs: [...e.messageRefs] })),
      trackers: this.#trackerResults([
        ...this.#messages.map((m) => this.#trackedMessage(m)),
        ...this.#insights.map((i) => this.#trackedInsight(i)),
      ]),
      analytics: plain(computeAnalytics(engineMessages, this.#members.all, { duration: lastEnd })),
      summary,
    };
  }

  #trackedMessage(m: MessageEntry): TrackedText {
    return { id: m.wireId, text: m.engine.text, hits: m.hits };
  }

  #trackedInsight(i: InsightEntry): TrackedText {
    return { id: i.wire.id, text: i.wire.text, type: i.wire.type, hits: i.hits };
  }

  #trackerResults(texts: TrackedText[]): DetectedTracker[] {
    if (this.#trackers.length === 0) return [];
    return plain(assembleTrackers(this.#trackers, texts)).map((t) => ({ ...t, id: t.id ?? '' }));
  }

  #topicId(key: string): string {
    return deterministicNumericId(this.conversationId, 'topic', key);
  }

  #wireTopic(topic: EngineTopic): Topic {
    return {
      id: this.#topicId(topic.key),
      text: topic.text,
      type: 'topic',
      score: topic.score,
      messageIds: topic.messageIds.map((id) => this.#wireIdOf.get(id) ?? id),
      parentRefs: topic.parentRefs,
      sentiment: wireSentiment(topic.sentiment),
    };
  }

  #wireMessage(m: MessageEntry): ConversationMessage {
    const { engine } = m;
    return {
      id: m.wireId,
      text: engine.text,
      from: plain(this.#person(m.member, 'message')),
      startTime: this.#iso(engine.start),
      endTime: this.#iso(engine.end),
      timeOffset: round2(Math.max(0, engine.start)),
      duration: round2(Math.max(0, engine.end - engine.start)),
      conversationId: this.conversationId,
      phrases: plain(m.phrases),
      sentiment: wireSentiment(engine.sentiment),
      words: engine.words.map((w) => ({
        word: w.word,
        startTime: this.#iso(w.start),
        endTime: this.#iso(w.end),
        score: w.score,
        timeOffset: round2(Math.max(0, w.start)),
        duration: round2(Math.max(0, w.end - w.start)),
      })),
    };
  }

  #wireMember(m: RegisteredMember): Member {
    return { id: m.id, name: m.name, email: m.email };
  }

  /** The wire's person object: messages carry email, insights userId (email when no userId). */
  #person(m: RegisteredMember, style: 'message' | 'insight'): InsightPerson {
    if (m.unknown) return {};
    const person: InsightPerson = { id: m.id, name: m.name };
    if (style === 'message' && m.email !== undefined) person.email = m.email;
    const userId = m.userId ?? m.email;
    if (style === 'insight' && userId !== undefined) person.userId = userId;
    return person;
  }

  /** Assignee as a member (id, name, email) when it is one; otherwise the name alone. */
  #assignee(assignee: InsightPerson): InsightPerson {
    const wanted = [assignee.id, assignee.email, assignee.userId, assignee.name].filter(
      (v): v is string => v !== undefined,
    );
    if (wanted.length === 0) return {};
    const member = this.#members.members.find((m) =>
      wanted.some((w) => [m.id, m.email, m.userId, m.name].includes(w)),
    );
    if (member === undefined) return assignee.name === undefined ? {} : { name: assignee.name };
    return {
      id: member.id,
      name: member.name,
      ...(member.email === undefined ? {} : { email: member.email }),
    };
  }

  #iso(seconds: number): string {
    return new Date(
      this.#startMs + Math.round((Number.isFinite(seconds) ? seconds : 0) * 1000),
    ).toISOString();
  }
}

function wireSentiment(sentiment: EngineSentiment): {
  polarity: { score: number };
  suggested: EngineSentiment['suggested'];
} {
  return { polarity: { score: sentiment.score }, suggested: sentiment.suggested };
}

function typeRank(type: string): number {
  return type === 'question' ? 0 : type === 'action_item' ? 1 : 2;
}
