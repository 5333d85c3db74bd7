import type { ConversationEntity } from '../../model/entities.ts';
import type { Insight } from '../../model/insights.ts';
import type { ConversationMessage } from '../../model/messages.ts';
import type { SummaryItem } from '../../model/summary.ts';
import type { Topic } from '../../model/topics.ts';
import type { DetectedTracker } from '../../model/trackersDetected.ts';
import type { ConversationDelta } from '../conversation/ConversationDelta.ts';
import type { ConversationSnapshot } from '../conversation/ConversationSnapshot.ts';
import type { EngineSpeaker } from '../nlp/EngineMessage.ts';
import { escapeRegExp } from '../nlp/escapeRegExp.ts';
import { redactWords } from './alignWords.ts';
import { detectPii, withoutOverlaps } from './detectPii.ts';
import { findDigitRuns } from './digitRuns.ts';
import { streetOf } from './findStreetAddresses.ts';
import type { PiiSpan, PiiType } from './PiiSpan.ts';
import type { RedactionSettings } from './RedactionSettings.ts';
import { type RedactedText, redactText } from './redactText.ts';

/** A message after redaction, with its text from before (to keep only if the caller asked). */
export interface RedactedMessage {
  message: ConversationMessage;
  original: string;
}

/**
 * Redaction of one conversation's results, in the wire shapes the store keeps and the Conversation
 * API serves: messages (text, words and action phrases), insights (text, phrases, tags, a named assignee who is
 * not a member), topics (and their root words), summaries, tracker matches and entities.
 *
 * Identifiers are found in each text anew, and also wherever the conversation has already said
 * them: a name found in a message ("my name is Dana Smith") is redacted in a topic ("dana smith")
 * or an action item's assignee that alone would not show it is a name. So feed messages before
 * what derives from them (a snapshot and each live delta already come in that order).
 *
 * With `redactContent` the texts come back with each identifier replaced; with `identifyContent`
 * messages and insights list them in `entities` (`{type, value, text, offset}`, at the
 * replacement's offset when redacting). Member names in `from` and in member assignees are who
 * spoke, not what was said, and stay.
 */
export class ConversationRedactor {
  readonly #settings: RedactionSettings;
  readonly #members: EngineSpeaker[] = [];
  /** Lower-case identifiers said so far (whole spans, and each word of a name), with their kind. */
  readonly #known = new Map<string, PiiType>();
  #knownPattern: RegExp | undefined;
  /** Offset maps of redacted messages, for references into them. */
  readonly #messages = new Map<string, RedactedText>();

  constructor(settings: RedactionSettings) {
    this.#settings = settings;
  }

  get settings(): RedactionSettings {
    return this.#settings;
  }

  /** Speakers of the conversation: their names count as names wherever they are said. */
  addMembers(members: ReadonlyArray<{ name?: string | undefined }>): void {
    for (const m of members) {
      if (m.name !== undefined && !this.#members.some((k) => k.name === m.name))
        this.#members.push({ name: m.name });
    }
  }

  /** Every resource of a snapshot, messages first. */
  snapshot(snapshot: ConversationSnapshot): ConversationSnapshot {
    this.addMembers(snapshot.members);
    const messages = snapshot.messages.map((m) => this.message(m).message);
    const insights = snapshot.insights.map((i) => this.insight(i));
    const byId = new Map(insights.map((i) => [i.id, i]));
    const same = <T extends Insight>(list: readonly T[]): T[] =>
      list.map((i) => (byId.get(i.id) ?? this.insight(i)) as T);
    return {
      ...snapshot,
      messages,
      insights,
      questions: same(snapshot.questions),
      actionItems: same(snapshot.actionItems),
      followUps: same(snapshot.followUps),
      topics: snapshot.topics.map((t) => this.topic(t)),
      summary: snapshot.summary.map((s) => this.summaryItem(s)),
      trackers: snapshot.trackers.map((t) => this.tracker(t)),
      entities: snapshot.entities.map((e) => this.entity(e)),
    };
  }

  /** One live delta; messages also come back with their text from before redaction. */
  delta(delta: ConversationDelta): { delta: ConversationDelta; originals: Map<string, string> } {
    const originals = new Map<string, string>();
    switch (delta.kind) {
      case 'members':
        this.addMembers(delta.members);
        return { delta, originals };
      case 'messages': {
        this.addMembers(delta.messages.map((m) => m.from));
        const messages = delta.messages.map((m) => {
          const redacted = this.message(m);
          originals.set(redacted.message.id, redacted.original);
          return redacted.message;
        });
        return { delta: { ...delta, messages }, originals };
      }
      case 'insights':
        return { delta: { ...delta, insights: delta.insights.map((i) => this.insight(i)) }, originals };
      case 'topics':
        return {
          delta: {
            ...delta,
            topics: delta.topics.map(({ topic, rootWords }) => ({
              topic: this.topic(topic),
              rootWords: rootWords.map((w) => this.text(w).text),
            })),
          },
          originals,
        };
      case 'trackers':
        return { delta: { ...delta, trackers: delta.trackers.map((t) => this.tracker(t)) }, originals };
      case 'entities':
        return { delta: { ...delta, entities: delta.entities.map((e) => this.entity(e)) }, originals };
    }
  }

  /** A message: its text and words redacted, its identifiers listed when asked. */
  message(message: ConversationMessage): RedactedMessage {
    const { spans, redacted } = this.#said(message.text);
    this.#messages.set(message.id, redacted);
    const out: ConversationMessage = { ...message, text: redacted.text };
    if (this.#settings.redactContent)
      out.phrases = message.phrases.map((p) => ({ ...p, text: this.text(p.text).text }));
    if (this.#settings.redactContent && message.words !== undefined) {
      out.words = redactWords(
        message.text,
        message.words,
        spans,
        this.#settings.redactionString,
        (w) => this.text(w).text,
      );
    }
    if (this.#settings.identifyContent && redacted.entities.length > 0)
      out.entities = redacted.entities.map((e) => ({ ...e }));
    else delete out.entities;
    return { message: out, original: message.text };
  }

  /**
   * What a speaker said, redacted (a live message's text). Its identifiers are remembered, so
   * what later repeats them is redacted too.
   */
  said(text: string): RedactedText {
    return this.#said(text).redacted;
  }

  #said(text: string): { spans: PiiSpan[]; redacted: RedactedText } {
    const spans = this.#find(text);
    this.#learn(spans);
    const { redactionString, redactContent } = this.#settings;
    return { spans, redacted: redactText(text, spans, redactionString, redactContent) };
  }

  /**
   * A live hypothesis (`recognition_result`): text and words redacted. An interim one may end in
   * the first digits of a number not yet said in full, so in interim results every run of three
   * or more digits (written or spoken) is replaced too.
   */
  hypothesis<W extends { word: string }>(
    text: string,
    words: readonly W[],
    isFinal: boolean,
  ): { text: string; words: W[] } {
    if (!this.#settings.redactContent) return { text, words: [...words] };
    let spans = this.#find(text);
    if (!isFinal) {
      const runs = findDigitRuns(text)
        .filter((r) => r.digits.length >= 3)
        .map(
          (r): PiiSpan => ({
            type: 'PHONE_NUMBER',
            start: r.start,
            end: r.end,
            text: r.text,
            value: r.digits,
          }),
        );
      spans = withoutOverlaps([...spans, ...runs]);
    }
    const redacted = redactText(text, spans, this.#settings.redactionString, true);
    return {
      text: redacted.text,
      words: redactWords(text, words, spans, this.#settings.redactionString, (w) => this.text(w).text),
    };
  }

  /** Any text of the conversation, redacted by what it shows and what the conversation said before. */
  text(text: string): RedactedText {
    return redactText(text, this.#find(text), this.#settings.redactionString, this.#settings.redactContent);
  }

  insight(insight: Insight): Insight {
    const redacted = this.text(insight.text);
    const redact = this.#settings.redactContent;
    const out = { ...insight, text: redacted.text } as Insight & Record<string, unknown>;
    const tags = (insight.entities ?? []).map((tag) => {
      const value = tag.value;
      const person = typeof value === 'object' && value !== null ? value : undefined;
      return {
        ...tag,
        text: this.text(tag.text).text,
        offset: redacted.mapOffset(tag.offset),
        ...(typeof value === 'string' ? { value: this.text(value).text } : {}),
        ...(person !== undefined && person.id === undefined && typeof person.name === 'string'
          ? { value: { ...person, name: this.text(person.name).text } }
          : {}),
      };
    });
    const pii = this.#settings.identifyContent ? redacted.entities : [];
    if (redact || pii.length > 0) {
      if (insight.type === 'question' && insight.entities === undefined && pii.length === 0)
        delete out.entities;
      else out.entities = [...(redact ? tags : (insight.entities ?? [])), ...pii] as Insight['entities'];
    }
    if (redact && insight.type !== 'question') {
      const action = out as Extract<Insight, { type: 'action_item' | 'follow_up' }>;
      action.phrases = insight.phrases.map((p) => ({ ...p, text: this.text(p.text).text }));
      if (insight.assignee.id === undefined && insight.assignee.name !== undefined) {
        action.assignee = { ...insight.assignee, name: this.text(insight.assignee.name).text };
      }
    }
    return out;
  }

  topic(topic: Topic): Topic {
    if (!this.#settings.redactContent) return topic;
    return {
      ...topic,
      text: this.text(topic.text).text,
      ...(topic.parentRefs === undefined
        ? {}
        : { parentRefs: topic.parentRefs.map((p) => ({ ...p, text: this.text(p.text).text })) }),
    };
  }

  summaryItem(item: SummaryItem): SummaryItem {
    return this.#settings.redactContent ? { ...item, text: this.text(item.text).text } : item;
  }

  tracker(tracker: DetectedTracker): DetectedTracker {
    if (!this.#settings.redactContent) return tracker;
    const ref = <R extends { id: string; text?: string | undefined; offset?: number | undefined }>(
      r: R,
    ): R => {
      const message = this.#messages.get(r.id);
      const text = r.text === undefined ? undefined : (message?.text ?? this.text(r.text).text);
      const offset =
        r.offset === undefined || r.offset < 0 || message === undefined
          ? r.offset
          : message.mapOffset(r.offset);
      return { ...r, ...(text === undefined ? {} : { text }), ...(offset === undefined ? {} : { offset }) };
    };
    return {
      ...tracker,
      matches: tracker.matches.map((m) => ({
        ...m,
        messageRefs: m.messageRefs.map(ref),
        ...(m.insightRefs === undefined ? {} : { insightRefs: m.insightRefs.map(ref) }),
      })),
    };
  }

  entity(entity: ConversationEntity): ConversationEntity {
    if (!this.#settings.redactContent) return entity;
    return {
      ...entity,
      text: this.text(entity.text).text,
      ...(entity.value === undefined ? {} : { value: this.text(entity.value).text }),
      messageRefs: entity.messageRefs.map((r) => {
        const message = this.#messages.get(r.id);
        return {
          ...r,
          text: message?.text ?? this.text(r.text).text,
          ...(message === undefined ? {} : { offset: message.mapOffset(r.offset) }),
        };
      }),
    };
  }

  /** The detector's spans, and every identifier the conversation said before wherever it recurs. */
  #find(text: string): PiiSpan[] {
    const spans = detectPii(text, { members: this.#members });
    const known = this.#knownPattern;
    if (known !== undefined) {
      for (const match of text.matchAll(known)) {
        const start = match.index ?? 0;
        const type = this.#known.get(match[0].toLowerCase()) ?? 'PERSON_NAME';
        spans.push({ type, start, end: start + match[0].length, text: match[0], value: match[0] });
      }
    }
    return withoutOverlaps(spans);
  }

  #learn(spans: readonly PiiSpan[]): void {
    let added = false;
    for (const span of spans) {
      const parts =
        span.type === 'PERSON_NAME'
          ? [span.text, ...span.text.split(/\s+/)]
          : span.type === 'ADDRESS'
            ? [span.text, streetOf(span.text) ?? span.text]
            : [span.text];
      for (const part of parts) {
        const key = part
          .toLowerCase()
          .replace(/^(?:mr|mrs|ms|dr|mister|miss|doctor|professor)\.?$/, '')
          .trim();
        if (key.length < 2 || this.#known.has(key)) continue;
        this.#known.set(key, span.type);
        added = true;
      }
    }
    if (added) {
      const alternatives = [...this.#known.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.#knownPattern = new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`,
        'giu',
      );
    }
  }
}
