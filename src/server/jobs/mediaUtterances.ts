import { access } from 'node:fs/promises';
import { type RecognitionSettings, recognizerFor } from '../../engine/asr/RecognitionSettings.ts';
import type { InputUtterance } from '../../engine/nlp/EngineMessage.ts';
import { speechToMessages } from '../../engine/speechToMessages.ts';
import { speechToUtterance } from '../../engine/transcribeAudio.ts';
import { NotFoundError } from '../../errors/NotFoundError.ts';
import { MediaProcessOptions } from '../../model/asyncApi.ts';
import { parse } from '../../model/parse.ts';
import { measureMediaSeconds } from '../media/mediaDuration.ts';
import type { ConversationRecord, JobRecord } from '../store/StoreRecords.ts';
import type { JobProgressMeter } from './JobProgressMeter.ts';

/**
 * The speech half of `transcribeAudio` for one media job: decode the stored file, recognise,
 * separate speakers, and hand back utterances for the insight engine, timed in seconds from the
 * conversation's start. An append's audio is placed after what the conversation already holds.
 * Utterance ids are scoped to the job (`j<seq>.<n>`), so a job run again after a crash writes the
 * same message ids, and an append's ids never repeat those of the messages it follows. Progress
 * goes to `meter`: decoding while the file is measured, then the share of its audio recognised.
 * The recogniser is the job's `recognizer` option, else the server's default (`recognition`).
 */
export async function mediaUtterances(
  job: JobRecord,
  conversation: ConversationRecord,
  conversationStartMs: number,
  meter: JobProgressMeter,
  recognition: RecognitionSettings = {},
): Promise<InputUtterance[]> {
  if (job.input.type !== 'media') return [];
  const { path, media } = job.input;
  try {
    await access(path);
  } catch {
    // e.g. a data dir restored without its media: a reason for the job, not a server fault.
    throw new NotFoundError(`The ${media} file of this job is no longer stored; submit it again.`);
  }
  meter.at('decoding');
  // The limit was checked at submit time when the container stated a duration; this also covers
  // streams that state none (decoded and measured) and jobs submitted before a limit existed.
  // The length is needed anyway, to tell how much of the audio is recognised.
  const audioSeconds = await measureMediaSeconds(path, job.input.maxSeconds);
  const options = parse(MediaProcessOptions, job.options, 'stored media job options');
  const endMs = conversation.endTime === undefined ? Number.NaN : Date.parse(conversation.endTime);
  const audioStartMs = job.append && Number.isFinite(endMs) ? endMs : conversationStartMs;
  const offset = Math.max(0, (audioStartMs - conversationStartMs) / 1000);
  const recognizer = recognizerFor(recognition, options.recognizer);
  const messages = await speechToMessages(path, {
    startTime: new Date(audioStartMs),
    ...(recognizer === undefined ? {} : { recognizer }),
    ...(options.accuracy === undefined ? {} : { accuracy: options.accuracy }),
    mode: options.mode,
    enableSpeakerDiarization: options.enableSpeakerDiarization,
    enableSeparateRecognitionPerChannel: options.enableSeparateRecognitionPerChannel,
    ...(options.customVocabulary === undefined ? {} : { customVocabulary: options.customVocabulary }),
    ...(options.channelMetadata === undefined ? {} : { channelMetadata: options.channelMetadata }),
    ...(options.diarizationSpeakerCount === undefined
      ? {}
      : { diarizationSpeakerCount: options.diarizationSpeakerCount }),
    onProgress: ({ stage, recognizedSeconds }) =>
      meter.at(stage, stage === 'recognizing' && audioSeconds > 0 ? recognizedSeconds / audioSeconds : 0, {
        audioSeconds,
        recognizedSeconds: Math.min(recognizedSeconds, audioSeconds),
      }),
  });
  return messages.map((message, index) => {
    const { id: _jobScopedInstead, ...utterance } = speechToUtterance(message);
    return {
      ...utterance,
      id: `j${job.seq}.${index}`,
      start: (utterance.start ?? 0) + offset,
      end: (utterance.end ?? 0) + offset,
      ...(utterance.words === undefined
        ? {}
        : { words: utterance.words.map((w) => ({ ...w, start: w.start + offset, end: w.end + offset })) }),
    };
  });
}
