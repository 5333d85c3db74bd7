import { basename } from 'node:path';
import type { MediaParameters } from '../async/MediaApi.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import { RecognitionAccuracy, RecognizerBackend } from '../model/asyncApi.ts';

/** A flag's value checked against one of the model's enums. */
function choice<T extends string>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  flag: string,
  value: string | undefined,
): T | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ValidationError('transcribe options', [{ path: flag, message: `unexpected value "${value}"` }]);
  return parsed.data;
}

/** The flags of `parley transcribe`. */
export interface TranscribeFlags {
  json?: boolean;
  diarize?: string;
  channels?: string[];
  entities?: boolean;
  startTime?: string;
  accuracy?: string;
  recognizer?: string;
}

function speakerCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20)
    throw new ValidationError('transcribe options', [
      { path: 'diarize', message: `expected a whole number of speakers from 1 to 20, got "${value}"` },
    ]);
  return n;
}

function startTimeOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new ValidationError('transcribe options', [
      { path: 'start-time', message: `expected an ISO 8601 date and time, got "${value}"` },
    ]);
  return new Date(ms).toISOString();
}

/**
 * The Async API parameters for `parley transcribe`'s flags. A summary is always asked for (the
 * terminal view shows it). `--start-time` travels as `startTime`, a Parley extension that
 * servers without it ignore (relative dates then resolve from the submission time).
 */
export function transcribeParameters(input: string, flags: TranscribeFlags): MediaParameters {
  const diarizationSpeakerCount = speakerCount(flags.diarize);
  const startTime = startTimeOf(flags.startTime);
  const accuracy = choice(RecognitionAccuracy, 'accuracy', flags.accuracy);
  const recognizer = choice(RecognizerBackend, 'recognizer', flags.recognizer);
  const channelMetadata = flags.channels?.map((name, i) => ({ channel: i + 1, speaker: { name } }));
  return {
    name: basename(input.replace(/[?#].*$/, '')),
    enableSummary: true,
    ...(flags.entities ? { detectEntities: true } : {}),
    ...(diarizationSpeakerCount === undefined
      ? {}
      : { enableSpeakerDiarization: true, diarizationSpeakerCount }),
    ...(channelMetadata === undefined ? {} : { enableSeparateRecognitionPerChannel: true, channelMetadata }),
    ...(startTime === undefined ? {} : ({ startTime } as MediaParameters)),
    // Parley extensions, like startTime: other servers ignore them.
    ...(accuracy === undefined ? {} : { accuracy }),
    ...(recognizer === undefined ? {} : { recognizer }),
  };
}
