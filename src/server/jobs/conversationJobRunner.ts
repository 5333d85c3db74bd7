import { z } from 'zod';
import { ConversationAggregate } from '../../engine/conversation/ConversationAggregate.ts';
import type { ConversationOptions } from '../../engine/conversation/ConversationOptions.ts';
import type { EngineSpeaker, InputUtterance } from '../../engine/nlp/EngineMessage.ts';
import { TextMessage, TextProcessOptions } from '../../model/asyncApi.ts';
import { parse } from '../../model/parse.ts';
import type { JobOutcome, JobRecord, MessageRecord } from '../store/StoreRecords.ts';
import type { JobRunner, JobWork } from './JobRunner.ts';
import { mediaUtterances } from './mediaUtterances.ts';

/**
 * The insight engine as a job runner for Text API jobs (POST and PUT append). The Conversation
 * aggregate is rebuilt from the conversation's earlier jobs plus this one, so every insight is
 * recomputed over the whole conversation (async-api.md 1); the aggregate's ids are derived from
 * content position, so earlier messages come out with the ids they were stored under and only
 * the new ones are written. Media jobs are recognised first (decode, speech, speakers) from
 * their stored file; the recogniser runs on its own worker pool.
 */
export function conversationJobRunner(): JobRunner {
  return {
    async run(work: JobWork, signal: AbortSignal): Promise<JobOutcome> {
      const { job, conversation } = work;
      const options = combinedOptions([...work.priorJobs, job]);
      const texts = textMessages(job);
      const startMs = Date.parse(conversation.startTime ?? earliestStart(texts) ?? job.createdAt);
      const current =
        job.input.type === 'text'
          ? texts.map((message) => textUtterance(message, startMs))
          : await mediaUtterances(job, conversation, startMs);
      signal.throwIfAborted();
      const aggregate = new ConversationAggregate(
        engineOptions(conversation.id, conversation.name, startMs, options),
      );
      for (const prior of work.priorJobs) {
        signal.throwIfAborted();
        aggregate.ingestAll(priorUtterances(prior, work.priorMessages, startMs));
      }
      // Replayed media messages may be re-segmented under other ids than they were stored with,
      // so new messages are also told apart by position: whatever the replay produced is old.
      const replayed = work.priorJobs.length === 0 ? 0 : aggregate.snapshot().messages.length;
      signal.throwIfAborted();
      aggregate.ingestAll(current);
      const snapshot = aggregate.snapshot();
      const storedIds = new Set(work.priorMessages.map((m) => String(m.body.id)));
      return {
        messages: snapshot.messages.slice(replayed).filter((m) => !storedIds.has(m.id)),
        insights: {
          topic: snapshot.topics,
          question: snapshot.questions,
          action_item: snapshot.actionItems,
          follow_up: snapshot.followUps,
          entity: snapshot.entities,
          tracker: snapshot.trackers,
          analytics: [snapshot.analytics],
          summary: snapshot.summary,
        },
        conversation: {
          startTime: snapshot.conversation.startTime,
          endTime: snapshot.conversation.endTime,
          members: snapshot.members,
        },
      };
    },
  };
}

function engineOptions(
  conversationId: string,
  name: string,
  startMs: number,
  options: TextProcessOptions,
): ConversationOptions {
  return {
    conversationId,
    name,
    startTime: startMs,
    timezoneOffset: options.timezoneOffset,
    confidenceThreshold: options.confidenceThreshold,
    detectEntities: options.detectEntities,
    detectPhrases: options.detectPhrases,
    // Managed-tracker references ({id}) are resolved by the tracker API, which is not served yet.
    trackers: (options.trackers ?? []).flatMap((t) =>
      'name' in t ? [{ name: t.name, vocabulary: t.vocabulary }] : [],
    ),
    customEntities: (options.entities ?? []).map((e) => ({ customType: e.customType, text: e.text })),
  };
}

/**
 * The options the whole conversation is analysed with: the latest job's threshold and time zone,
 * every job's trackers and custom entities, and a detection flag on when any job set it (an
 * append must not drop the trackers its conversation was created with).
 */
function combinedOptions(jobs: readonly JobRecord[]): TextProcessOptions {
  const all = jobs.map((j) => parse(TextProcessOptions, j.options, 'stored job options'));
  const latest = all.at(-1)!;
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
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
    recognized: false,
  };
}

/** A prior job's utterances: its text input again, or (media jobs) its stored messages. */
function priorUtterances(
  job: JobRecord,
  messages: readonly MessageRecord[],
  startMs: number,
): InputUtterance[] {
  if (job.input.type === 'text') return textMessages(job).map((m) => textUtterance(m, startMs));
  return messages
    .filter((m) => m.jobId === job.id)
    .map(({ body }) => {
      const from = (body.from ?? {}) as EngineSpeaker;
      return {
        text: String(body.text),
        speaker: from,
        start: seconds(String(body.startTime), startMs),
        end: seconds(String(body.endTime), startMs),
        recognized: false,
      };
    });
}

function seconds(iso: string, startMs: number): number {
  return Math.max(0, (Date.parse(iso) - startMs) / 1000);
}
