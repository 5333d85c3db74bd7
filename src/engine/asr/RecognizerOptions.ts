import type { EndpointingSettings } from './endpointing/EndpointingSettings.ts';

/** Options every Recognizer accepts; implementations document what they do with each. */
export interface RecognizerOptions {
  /** Rate of the PCM that will be written, in Hz (default 16000). */
  sampleRate?: number;
  /**
   * Words and phrases to favour. Words missing from the dictionary get pronunciations; known
   * words get extra language-model weight.
   */
  customVocabulary?: readonly string[] | undefined;
  /** `phone` for narrow-band telephone audio (8 kHz); `default` otherwise. */
  mode?: 'default' | 'phone' | undefined;
  /**
   * Language model: `default` (the engine's general model), or a path to a model file
   * (pocketsphinx: ARPA `.lm`, binary `.lm.bin`/`.DMP`, or a JSGF grammar `.gram`/`.jsgf`).
   */
  languageModel?: string | undefined;
  /** Path of a local model directory, for recognisers that load one (acoustic model for pocketsphinx). */
  modelPath?: string | undefined;
  /** Path of an MLLR transform of the acoustic model (pocketsphinx `-mllr`), e.g. from estimateMllr. */
  mllr?: string | undefined;
  /**
   * Seconds of silence after speech before an utterance is closed and its final given (pocketsphinx
   * `-vad_postspeech`; default: the engine's own 0.5 s). Shorter gives finals sooner after a
   * speaker stops and cuts more sentences in two at their pauses. When set, pocketsphinx also
   * looks for the end every 50 ms instead of every 128 ms.
   */
  endOfSpeechSeconds?: number | undefined;
  /**
   * Seconds at the start of the stream to listen to without recognising: the recogniser adapts
   * to them as it would while recognising, gives no events for them, and begins recognising at
   * the first utterance end after them. For a piece of a recording (ParallelRecognition) on a
   * recogniser whose PiecewiseCapacity `listens`; others ignore it.
   */
  listenOnlySeconds?: number | undefined;
  /**
   * Live endpointing: each utterance ends after a short silence when it looks finished and a
   * longer one otherwise, or at a pause where a different voice takes over (see
   * EndpointingSettings). Takes the place of `endOfSpeechSeconds`; pocketsphinx looks for the end
   * every 50 ms. Without it, the engine's own end-of-speech detector decides.
   */
  endpointing?: EndpointingSettings | undefined;
  /** Minimum interval between partial hypotheses, in milliseconds (default 300). */
  partialIntervalMs?: number;
}
