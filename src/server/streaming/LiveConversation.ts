import { type Observable, Subject } from 'rxjs';
import { ConversationAggregate } from '../../engine/conversation/ConversationAggregate.ts';
import type { ConversationDelta } from '../../engine/conversation/ConversationDelta.ts';
import type { ConversationOptions } from '../../engine/conversation/ConversationOptions.ts';
import type { InputUtterance } from '../../engine/nlp/EngineMessage.ts';
import { ConversationRedactor } from '../../engine/redaction/ConversationRedactor.ts';
import { type RedactionSettings, redactionWanted } from '../../engine/redaction/RedactionSettings.ts';
import type { TimeZone } from '../../engine/time/TimeZone.ts';
import { ConflictError } from '../../errors/ConflictError.ts';
import type { ConversationMessage } from '../../model/messages.ts';
import type { ServerMessage } from '../../model/streaming.ts';
import type { Logger } from '../Logger.ts';
import type { Store } from '../store/Store.ts';
import { liveConversationRecord } from './liveConversationRecord.ts';
import {
  insightResponseFrame,
  type MessageFrameOptions,
  messageResponseFrame,
  topicResponseFrame,
  trackerResponseFrame,
} from './liveFrames.ts';

/**
 * One result frame of a live conversation, numbered. `seq` counts every result frame of the
 * conversation from 1, across all its speakers; clients resuming a dropped socket name the last
 * `seq` they saw and the server replays the rest (README.md next to this file, "Resuming").
 */
export interface LiveResult {
  seq: number;
  frame: ServerMessage;
}

/** What a live conversation is created with (the first speaker's start settings). */
export interface LiveConversationOptions {
  conversationId: string;
  appId: string;
  /** Conversation name (default: the id). */
  name?: string;
  /** Wall-clock epoch ms of offset 0 (default: now). */
  startMs?: number;
  /** Conversation type (default `meeting`). */
  type?: string;
  analysis?: Pick<
    ConversationOptions,
    'timeZone' | 'timezoneOffset' | 'confidenceThreshold' | 'trackers' | 'detectEntities' | 'members'
  >;
  /** PII/PCI identification and redaction of everything the conversation sends and stores. */
  redaction?: RedactionSettings;
}

/** Result frames kept for resuming clients (drop-oldest); enough for minutes of speech. */
const REPLAY_LIMIT = 2000;
/**
 * The whole conversation (insights, members, times) is stored at most this often while it is
 * live, and on every stop; each final's messages are stored at once, before it is sent.
 */
const PERSIST_INTERVAL_MS = 10_000;
/** Writer id of live messages in the store (keyed by it, like a job's messages). */
const LIVE_WRITER_PREFIX = 'live:';

/** Keeps a live conversation open; the conversation completes when its last lease is released. */
export interface ConversationLease {
  /** Idempotent; resolves once the conversation is stored (and, for the last lease, completed). */
  release(): Promise<void>;
}

/**
 * One conversation shared by every speaker, socket and subscriber of it: its Conversation
 * aggregate, fed by each speaker's finals, and the numbered stream of result frames
 * (`message_response`, `insight_response`, `topic_response`, `tracker_response`) all of them
 * read. It stores its snapshot (throttled while live, and on every `persist()`), so the
 * Conversation API serves it under the same id.
 *
 * It knows nothing of who feeds or reads it: speakers call {@link addFinal}, readers subscribe to
 * {@link results$}, and whoever needs it open holds a {@link lease}.
 */
export class LiveConversation {
  readonly conversationId: string;
  readonly appId: string;
  readonly startMs: number;
  readonly createdAt: string;
  name: string;
  readonly #type: string;
  readonly #aggregate: ConversationAggregate;
  readonly #store: Store;
  readonly #logger: Logger;
  readonly #results = new Subject<LiveResult>();
  readonly #replay: LiveResult[] = [];
  readonly #leases = new Set<ConversationLease>();
  #seq = 0;
  #messageFrames = 0;
  #insightFrames = 0;
  #trackerFrames = 0;
  /** Every store write and every final, in order: appends, snapshots, then the frames of a final. */
  #writing: Promise<void> = Promise.resolve();
  #persistTimer: NodeJS.Timeout | undefined;
  #completed = false;
  #redactor: ConversationRedactor | undefined;
  readonly #completion: Promise<void>;
  #markCompleted: () => void = () => {};

  constructor(options: LiveConversationOptions, store: Store, logger: Logger) {
    this.conversationId = options.conversationId;
    this.appId = options.appId;
    this.startMs = options.startMs ?? Date.now();
    this.createdAt = new Date().toISOString();
    this.name = options.name ?? options.conversationId;
    this.#type = options.type ?? 'meeting';
    this.#store = store;
    this.#logger = logger;
    this.#completion = new Promise((resolve) => {
      this.#markCompleted = resolve;
    });
    this.redactWith(options.redaction);
    this.#aggregate = new ConversationAggregate({
      ...options.analysis,
      conversationId: options.conversationId,
      name: this.name,
      type: this.#type,
      startTime: this.startMs,
      messageIdStyle: 'uuid',
    });
  }

  /** The zone its dates resolve in: the creating stream's, else the server's default. */
  get timeZone(): TimeZone {
    return this.#aggregate.timeZone;
  }

  /**
   * Turns redaction on for the rest of the conversation (a later stream asking for it); a
   * conversation that already redacts keeps its settings. Everything stored from now on is
   * redacted, including what was said before.
   */
  redactWith(settings: RedactionSettings | undefined): void {
    if (this.#redactor === undefined && redactionWanted(settings))
      this.#redactor = new ConversationRedactor(settings);
  }

  /**
   * A speaker's live hypothesis as it may be sent: its identifiers replaced when the conversation
   * redacts (in interim ones, every run of three or more digits too, being perhaps the start of a
   * number).
   */
  redactHypothesis<W extends { word: string }>(
    text: string,
    words: readonly W[],
    isFinal: boolean,
  ): { text: string; words: W[] } {
    return this.#redactor === undefined
      ? { text, words: [...words] }
      : this.#redactor.hypothesis(text, words, isFinal);
  }

  /** Every result frame from now on; completes when the conversation completes. */
  get results$(): Observable<LiveResult> {
    return this.#results.asObservable();
  }

  /** Number of the last result frame (0 before the first). */
  get lastSeq(): number {
    return this.#seq;
  }

  /** Whether the conversation is final (every lease was released). */
  get completed(): boolean {
    return this.#completed;
  }

  /** Resolves once the conversation has completed: stored for the last time, `results$` complete. */
  whenCompleted(): Promise<void> {
    return this.#completion;
  }

  /**
   * The result frames after `seq` that are still kept, oldest first; `complete` is false when
   * some were already dropped (the replay window is {@link REPLAY_LIMIT} frames).
   */
  replayAfter(seq: number): { results: LiveResult[]; complete: boolean } {
    const results = this.#replay.filter((r) => r.seq > seq);
    const oldest = this.#replay[0]?.seq ?? this.#seq + 1;
    return { results, complete: seq + 1 >= oldest || this.#replay.length === 0 };
  }

  /**
   * Keeps the conversation open until the lease is released.
   * @throws ConflictError when the conversation has already completed.
   */
  lease(): ConversationLease {
    if (this.#completed) throw new ConflictError(`conversation ${this.conversationId} is already complete`);
    const lease: ConversationLease = { release: () => this.#release(lease) };
    this.#leases.add(lease);
    return lease;
  }

  /**
   * When `lease` was the last one the conversation completes: its final snapshot is stored and
   * `results$` completes. Otherwise (or again) the conversation is stored as it stands.
   */
  async #release(lease: ConversationLease): Promise<void> {
    this.#leases.delete(lease);
    if (this.#leases.size > 0 || this.#completed) {
      await this.persist();
      return;
    }
    this.#completed = true;
    await this.persist();
    this.#results.complete();
    this.#markCompleted();
  }

  /**
   * Adds one final utterance of a speaker: its messages are stored first (so a crash after any
   * frame of it was sent loses none of them), then `announce` runs (the speaker's own final
   * `recognition_result` goes out there), then the frames it produces are published, in order:
   * `message_response`, `insight_response`, `tracker_response`, `topic_response`. Finals are taken
   * in call order, one at a time. Resolves with the id of the member who spoke it (undefined when
   * it made no message). A store failure is logged; the frames still go out.
   * @throws ConflictError when the conversation has already completed.
   */
  addFinal(
    utterance: InputUtterance,
    frames: MessageFrameOptions,
    announce: (memberId: string | undefined) => void = () => undefined,
  ): Promise<string | undefined> {
    if (this.#completed) throw new ConflictError(`conversation ${this.conversationId} is already complete`);
    const added = this.#writing.then(async () => {
      const order = { members: 0, messages: 1, insights: 2, trackers: 3, entities: 4, topics: 5 } as const;
      // Redacted in this order too: what a message says is known before what derives from it.
      const deltas = [...this.#aggregate.ingest(utterance)]
        .sort((a, b) => order[a.kind] - order[b.kind])
        .map((delta) => this.#redacted(delta));
      const messages = deltas.find((d) => d.delta.kind === 'messages')?.delta;
      const memberId = messages?.kind === 'messages' ? messages.messages[0]?.from?.id : undefined;
      if (messages?.kind === 'messages' && messages.messages.length > 0)
        await this.#append(messages.messages);
      announce(memberId);
      for (const { delta, originals } of deltas) {
        const frame = this.#frameOf(delta, originals === undefined ? frames : { ...frames, originals });
        if (frame !== undefined) this.#publish(frame);
      }
      this.#schedulePersist();
      return memberId;
    });
    this.#writing = added.then(
      () => undefined,
      () => undefined,
    );
    return added;
  }

  /** Stores new messages after those of this conversation's writer (one short transaction). */
  async #append(messages: readonly ConversationMessage[]): Promise<void> {
    const { record } = this.#record();
    try {
      const saved = await this.#store.appendLiveMessages(record, messages, this.#writerId);
      if (!saved) this.#logger.log('error', 'live.persist_conflict', { conversationId: this.conversationId });
    } catch (error) {
      this.#logger.log('error', 'live.persist_failed', { conversationId: this.conversationId, error });
    }
  }

  /**
   * `delta` as it may be sent: redacted when the conversation redacts, with the message texts from
   * before redaction when the settings keep them (for `metadata.originalContent`).
   */
  #redacted(delta: ConversationDelta): { delta: ConversationDelta; originals?: ReadonlyMap<string, string> } {
    const redactor = this.#redactor;
    if (redactor === undefined) return { delta };
    const { delta: redacted, originals } = redactor.delta(delta);
    return redactor.settings.keepOriginalContent ? { delta: redacted, originals } : { delta: redacted };
  }

  #frameOf(delta: ConversationDelta, frames: MessageFrameOptions): ServerMessage | undefined {
    switch (delta.kind) {
      case 'messages':
        return delta.messages.length === 0
          ? undefined
          : (messageResponseFrame(delta.messages, frames, this.#messageFrames++) as ServerMessage);
      case 'insights':
        return insightResponseFrame(delta.insights, this.#insightFrames++) as ServerMessage;
      case 'trackers':
        return trackerResponseFrame(delta.trackers, this.#trackerFrames++) as ServerMessage;
      case 'topics':
        return delta.topics.length === 0 ? undefined : (topicResponseFrame(delta.topics) as ServerMessage);
      default:
        return undefined;
    }
  }

  #publish(frame: ServerMessage): void {
    const result = { seq: ++this.#seq, frame };
    this.#replay.push(result);
    if (this.#replay.length > REPLAY_LIMIT) this.#replay.shift();
    this.#results.next(result);
  }

  #schedulePersist(): void {
    if (this.#persistTimer !== undefined) return;
    this.#persistTimer = setTimeout(() => {
      this.#persistTimer = undefined;
      void this.persist();
    }, PERSIST_INTERVAL_MS);
    this.#persistTimer.unref();
  }

  /**
   * Writes the conversation as it stands (creating it on the first call), after every final
   * added before. Calls are serialised; a failure is logged and retried by the next call, never
   * thrown at a speaker stream.
   */
  persist(): Promise<void> {
    if (this.#persistTimer !== undefined) {
      clearTimeout(this.#persistTimer);
      this.#persistTimer = undefined;
    }
    const written = this.#writing.then(() => this.#write());
    this.#writing = written;
    return written;
  }

  get #writerId(): string {
    return `${LIVE_WRITER_PREFIX}${this.conversationId}`;
  }

  /** The conversation as it may be stored: redacted when it redacts. */
  #record(): ReturnType<typeof liveConversationRecord> {
    const snapshot = this.#aggregate.snapshot();
    return liveConversationRecord(this.#redactor?.snapshot(snapshot) ?? snapshot, {
      id: this.conversationId,
      appId: this.appId,
      type: this.#type,
      name: this.name,
      createdAt: this.createdAt,
    });
  }

  async #write(): Promise<void> {
    const { record, outcome } = this.#record();
    try {
      const saved = await this.#store.saveLiveConversation(record, outcome, this.#writerId);
      if (!saved) {
        this.#logger.log('error', 'live.persist_conflict', { conversationId: this.conversationId });
      }
    } catch (error) {
      this.#logger.log('error', 'live.persist_failed', { conversationId: this.conversationId, error });
    }
  }
}
