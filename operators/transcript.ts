import { filter, map, type OperatorFunction } from 'rxjs';
import type { StreamingUser, SystemMessageOf } from '../src/model/streamingSystemMessages.ts';
import { isSystemMessage, type StreamingEvent } from '../src/streaming/StreamingEvent.ts';

/** One update of the live transcript: the whole current utterance, not a delta. */
export interface TranscriptUpdate {
  /** Punctuated text when the server sends it (what captions show), else the raw hypothesis. */
  text: string;
  /** `false` while the hypothesis may still change; `true` once final (the next one starts a new utterance). */
  isFinal: boolean;
  /** Who is speaking, when the server says. */
  user?: StreamingUser;
}

/** Options of {@link transcript}. */
export interface TranscriptOptions {
  /** Only final utterances (default false: partial hypotheses too, for captions that update in place). */
  final?: boolean;
}

/**
 * The live transcript from `recognition_result` messages. Each update replaces the previous one
 * until an update with `isFinal: true`; a display shows the partial line in place and keeps the
 * final ones.
 */
export function transcript(
  options: TranscriptOptions = {},
): OperatorFunction<StreamingEvent, TranscriptUpdate> {
  const finalOnly = options.final ?? false;
  return (events$) =>
    events$.pipe(
      filter((e): e is SystemMessageOf<'recognition_result'> => isSystemMessage(e, 'recognition_result')),
      map(({ message: body }) => {
        const text = body.punctuated?.transcript ?? body.payload.raw.alternatives[0]?.transcript ?? '';
        const update: TranscriptUpdate = { text, isFinal: body.isFinal };
        if (body.user) update.user = body.user;
        return update;
      }),
      filter((u) => !finalOnly || u.isFinal),
    );
}
