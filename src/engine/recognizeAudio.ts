import type { RecognizedUtterance } from './asr/RecognitionEvent.ts';
import type { Recognizer } from './asr/Recognizer.ts';
import type { RecognizerOptions } from './asr/RecognizerOptions.ts';
import type { AudioInput } from './audio/AudioInput.ts';
import type { ChannelLayout } from './audio/decodeWavStream.ts';
import { recognizeAsOneStream } from './recognizeAsOneStream.ts';
import { recognizeInPieces } from './recognizeInPieces.ts';

/**
 * Recognising one recording on several streams at once, cut at pauses (for recognisers that can:
 * pocketsphinx on a pool of more than one worker).
 */
export interface PiecewiseOptions {
  /**
   * In pieces when the recogniser can (default `true`); `false`: one stream per channel, start to
   * end. On a recogniser whose streams listen (PiecewiseCapacity.listens), each piece gives the
   * words one stream gives.
   */
  enabled?: boolean;
  /** Shortest piece cut off a longer one, in seconds (default 60): a cut costs a warm-up. */
  minPieceSeconds?: number;
}

/** What {@link recognizeAudio} needs besides the audio. */
export interface RecognizeAudioSettings {
  recognizer: Recognizer;
  /** Options of every recognition stream (`sampleRate` is that of the decoded audio). */
  options: RecognizerOptions;
  sampleRate: number;
  layout: ChannelLayout;
  /** A second pass with the acoustic model adapted to each channel (pocketsphinx). */
  adapt: boolean;
  pieces?: PiecewiseOptions | undefined;
  /** Called with every block of the first channel, in order, as it is decoded. */
  onAudio?: (pcm: Int16Array) => void;
  /** Called as recognition advances, with the seconds of audio recognised so far. */
  onProgress?: (recognizedSeconds: number) => void;
}

/**
 * Decodes and recognises a recording: one list of final utterances per channel (one list for
 * mono), times in seconds from the start. Uses every worker of the recogniser on the one
 * recording when it can and pieces are not turned off (recognizeInPieces), else one stream per
 * channel (recognizeAsOneStream).
 */
export function recognizeAudio(
  input: AudioInput,
  settings: RecognizeAudioSettings,
): Promise<RecognizedUtterance[][]> {
  const capacity = settings.recognizer.piecewise;
  if (capacity !== undefined && capacity.slots > 1 && settings.pieces?.enabled !== false)
    return recognizeInPieces(input, settings, capacity);
  return recognizeAsOneStream(input, settings);
}
