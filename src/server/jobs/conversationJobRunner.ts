import { z } from 'zod';
import type { RecognitionSettings } from '../../engine/asr/RecognitionSettings.ts';
import { ConversationAggregate } from '../../engine/conversation/ConversationAggregate.ts';
import type { ConversationOptions } from '../../engine/conversation/ConversationOptions.ts';
import type { ConversationSnapshot } from '../../engine/conversation/ConversationSnapshot.ts';
import type { EngineSpeaker, InputUtterance } from '../../engine/nlp/EngineMessage.ts';
import { ConversationRedactor } from '../../engine/redaction/ConversationRedactor.ts';
import {
  REDACTION_DEFAULTS,
  type RedactionSettings,
  redactionWanted,
} from '../../engine/redaction/RedactionSettings.ts';
import { conversationZone } from '../../engine/time/conversationZone.ts';
import { TimeZone } from '../../engine/time/TimeZone.ts';
import { TextMessage, TextProcessOptions } from '../../model/asyncApi.ts';
import { ConversationMessage } from '../../model/messages.ts';
import { parse } from '../../model/parse.ts';
import type { JobOutcome, JobRecord, MessageRecord, ReattributionInput } from '../store/StoreRecords.ts';
import { JobProgressMeter } from './JobProgressMeter.ts';
import type { JobRunner, JobWork } from './JobRunner.ts';
import { mediaUtterances } from './mediaUtterances.ts';
import { reattributeMessages } from './reattributeMessages.ts';
import { snapshotOutcome } from './snapshotOutcome.ts';
import { trackerDefinitions } from './trackerDefinitions.ts';

/**
 * The insight engine as a job runner. Submissions (text, audio, video; POST and PUT append)
 * rebuild the Conversation aggregate from the conversation's stored messages, which are restored
 * as they are (ids, times, words, current speakers), then ingest the job's own utterances, so
 * every insight is recomputed over the whole conversation (what an append promises) and only the new
 * messages are written. Re-attribution jobs (member update, speaker events) rewrite who said each
 * stored message and recompute everything from the rewritten messages. Media is recognised
 * first (decode, speech, speakers) from its stored file; the recogniser runs on its own pool, or
 * is the remote transcription server `options.recognition` configures.
 */
export function conversationJobRunner(options: { recognition?: RecognitionSettings } = {}): JobRunner {
  return {
    async run(work, signal, onProgress = () => {}): Promise<JobOutcome> {
      const input = work.job.input;
      const meter = new JobProgressMeter(input.type === 'media' ? 'media' : 'text', onProgress);
      if (input.type === 'member-update' || input.type === 'speaker-events') {
        meter.at('analyzing');
        return reattribute(work, input);
      }
      return submission(work, signal, meter, options.recognition ?? {});
    },
  };
}

async function submission(
  work: JobWork,
  signal: AbortSignal,
  meter: JobProgressMeter,
  recognition: RecognitionSettings,
): Promise<JobOutcome> {
  const { job, conversation } = work;
  const texts = textMessages(job);
  const startMs = Date.parse(conversation.startTime ?? earliestStart(texts) ?? job.createdAt);
  const current =
    job.input.type === 'text'
      ? texts.map((message, index) => ({ ...textUtterance(message, startMs), id: `j${job.seq}.${index}` }))
      : await mediaUtterances(job, conversation, startMs, meter, recognition);
  signal.throwIfAborted();
  meter.at('analyzing');
  const aggregate = new ConversationAggregate({
    ...engineOptions(work, startMs),
    members: conversation.members as EngineSpeaker[],
  });
  const prior = storedMessages(work.priorMessages);
  aggregate.restore(prior);
  signal.throwIfAborted();
  aggregate.ingestAll(current);
  const snapshot = redacted(work, aggregate.snapshot());
  return { messages: snapshot.messages.slice(prior.length), ...snapshotOutcome(snapshot) };
}

/** A member update or a speaker timeline: every stored message is rewritten, nothing added. */
function reattribute(work: JobWork, input: ReattributionInput): JobOutcome {
  const { conversation } = work;
  const messages = storedMessages(work.priorMessages);
  const startMs = Date.parse(conversation.startTime ?? messages[0]?.startTime ?? work.job.createdAt);
  const rewritten = reattributeMessages(input, messages, conversation.members, startMs);
  const aggregate = new ConversationAggregate({
    ...engineOptions(work, startMs),
    members: rewritten.members,
  });
  aggregate.restore(rewritten.messages);
  const snapshot = redacted(work, aggregate.snapshot());
  return { messages: [], updatedMessages: snapshot.messages, ...snapshotOutcome(snapshot) };
}

/**
 * The snapshot as it may be stored: with redaction asked by any submission of the conversation,
 * identifiers are replaced (and listed) in every resource before anything is written; the
 * insights were computed from the full text, so they lose nothing but the identifiers.
 */
function redacted(work: JobWork, snapshot: ConversationSnapshot): ConversationSnapshot {
  const settings = redactionSettings([...work.priorJobs, work.job]);
  return redactionWanted(settings) ? new ConversationRedactor(settings).snapshot(snapshot) : snapshot;
}

/**
 * The conversation's redaction: on once any submission asked (an append must not reveal what the
 * conversation's first job hid), with the latest replacement string given.
 */
export function redactionSettings(jobs: readonly JobRecord[]): RedactionSettings | undefined {
  const asked = jobs
    .filter((j) => j.input.type === 'text' || j.input.type === 'media')
    .map((j) => parse(TextProcessOptions, j.options, 'stored job options').redaction)
    .filter((r) => r !== undefined);
  if (asked.length === 0) return undefined;
  return {
    ...REDACTION_DEFAULTS,
    identifyContent: asked.some((r) => r.identifyContent === true),
    redactContent: asked.some((r) => r.redactContent === true),
    redactionString:
      asked.findLast((r) => r.redactionString !== undefined)?.redactionString ??
      REDACTION_DEFAULTS.redactionString,
  };
}

function storedMessages(records: readonly MessageRecord[]): ConversationMessage[] {
  return records.map((m) => parse(ConversationMessage, m.body, 'stored message'));
}

function engineOptions(work: JobWork, startMs: number): ConversationOptions {
  const { conversation } = work;
  const options = combinedOptions([...work.priorJobs, work.job]);
  return {
    conversationId: conversation.id,
    name: conversation.name,
    startTime: startMs,
    timeZone: jobZone(work),
    confidenceThreshold: options.confidenceThreshold,
    detectEntities: options.detectEntities,
    detectPhrases: options.detectPhrases,
    trackers: trackerDefinitions(options, work.managedTrackers ?? []),
    customEntities: (options.entities ?? []).map((e) => ({ customType: e.customType, text: e.text })),
  };
}

/**
 * The zone this job analyses in: the one its own submission names (an append may move the
 * conversation to another), else the conversation's (set when it was created), else UTC for
 * conversations stored before they had one or whose zone this runtime does not know.
 */
function jobZone(work: JobWork): TimeZone {
  const own = work.job.input.type === 'text' || work.job.input.type === 'media' ? work.job.options : {};
  const { timezone, timezoneOffset } = parse(TextProcessOptions, own, 'stored job options');
  const stored = work.conversation.timeZone;
  const fallback = (stored === undefined ? undefined : TimeZone.find(stored)) ?? TimeZone.UTC;
  return conversationZone({ timeZone: timezone, timezoneOffset }, fallback, 'timezone');
}

/**
 * The options the whole conversation is analysed with, from its submissions (re-attribution
 * jobs carry none): the latest threshold, every submission's trackers and custom
 * entities, and a detection flag on when any submission set it (an append must not drop the
 * trackers its conversation was created with).
 */
function combinedOptions(jobs: readonly JobRecord[]): TextProcessOptions {
  const all = jobs
    .filter((j) => j.input.type === 'text' || j.input.type === 'media')
    .map((j) => parse(TextProcessOptions, j.options, 'stored job options'));
  const latest = all.at(-1) ?? parse(TextProcessOptions, {}, 'default options');
  return {
    ...latest,
    detectEntities: all.some((o) => o.detectEntities),
    detectPhrases: all.some((o) => o.detectPhrases),
    enableSummary: all.some((o) => o.enableSummary),
    enableAllTrackers: all.some((o) => o.enableAllTrackers),
    trackers: uniqueBy(
      all.flatMap((o) => o.trackers ?? []),
      (t) => ('name' in t ? `name:${t.name}` : `id:${t.id}`),
    ),
    entities: all.flatMap((o) => o.entities ?? []),
  };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function textMessages(job: JobRecord): TextMessage[] {
  if (job.input.type !== 'text') return [];
  // Parsed at submit time; parsed again because the row may predate a schema change.
  return parse(z.array(TextMessage), job.input.messages, 'stored text job');
}

function earliestStart(messages: readonly TextMessage[]): string | undefined {
  const starts = messages
    .map((m) => m.duration?.startTime)
    .filter((t): t is string => t !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return starts[0];
}

function textUtterance(message: TextMessage, startMs: number): InputUtterance {
  const { from, duration } = message;
  const speaker: EngineSpeaker = {
    ...(from?.name === undefined ? {} : { name: from.name }),
    ...(from?.userId === undefined ? {} : { userId: from.userId }),
    ...(from?.userId?.includes('@') ? { email: from.userId } : {}),
  };
  const start = duration?.startTime === undefined ? undefined : seconds(duration.startTime, startMs);
  const end = duration?.endTime === undefined ? undefined : seconds(duration.endTime, startMs);
  return {
    text: message.payload.content,
    ...(Object.keys(speaker).length === 0 ? {} : { speaker }),
    start,
    end,
    recognized: false,
  };
}

function seconds(iso: string, startMs: number): number {
  return Math.max(0, (Date.parse(iso) - startMs) / 1000);
}
