import { ValidationError } from '../errors/ValidationError.ts';
import { PocketsphinxRecognizer } from './asr/PocketsphinxRecognizer.ts';
import type { RecognizedWord } from './asr/RecognitionEvent.ts';
import type { Recognizer } from './asr/Recognizer.ts';
import type { RecognizerOptions } from './asr/RecognizerOptions.ts';
import type { AudioInput } from './audio/AudioInput.ts';
import { diarizeWords } from './diarize/diarizeWords.ts';
import { SpeakerDiarizer } from './diarize/SpeakerDiarizer.ts';
import { type ChannelMetadata, type SpeakerIdentity, speakerIdentity } from './diarize/speakerIdentity.ts';
import { type PiecewiseOptions, recognizeAudio } from './recognizeAudio.ts';

/** A word of a message: times in seconds from the start of the audio and as ISO instants. */
export interface SpeechWord {
  word: string;
  start: number;
  end: number;
  startTime: string;
  endTime: string;
  /** Recognition confidence, 0-1. */
  score: number;
}

/**
 * One message: consecutive words of one speaker between pauses. Text is the recogniser's words,
 * lower case and unpunctuated. `start`/`end` are seconds from the start of the audio;
 * `startTime`/`endTime` add them to the conversation start time.
 */
export interface SpeechMessage {
  id: string;
  text: string;
  speaker: SpeakerIdentity;
  /** 1-based channel, when channels were recognised separately. */
  channel?: number;
  start: number;
  end: number;
  startTime: string;
  endTime: string;
  /** Mean word score, 0-1. */
  confidence: number;
  words: SpeechWord[];
}

/**
 * How far {@link speechToMessages} has come. Seconds of audio rather than a share, so that the
 * progress of pieces of one recording recognised apart adds up (sum each piece's latest value);
 * the caller knows the total length.
 */
export interface SpeechProgress {
  /** `recognizing` while audio goes to the recogniser; `separating_speakers` once it has all been recognised and voices are clustered. */
  stage: 'recognizing' | 'separating_speakers';
  /** Seconds of audio the recogniser has taken so far (it holds at most a few seconds unanswered). */
  recognizedSeconds: number;
}

/** The async API's audio options that shape recognition, plus where the conversation sits in time. */
export interface SpeechToMessagesOptions
  extends Pick<RecognizerOptions, 'customVocabulary' | 'mode' | 'languageModel' | 'modelPath'> {
  /** Recogniser to use (default: pocketsphinx on the shared worker pool). */
  recognizer?: Recognizer;
  /**
   * `best`: with pocketsphinx, a second pass per channel with the acoustic model adapted (MLLR)
   * to that channel's voice from the first pass's words; about twice the recognition time, and
   * it needs Debian's sphinxtrain. Other recognisers ignore it. Default `fast` (one pass).
   */
  accuracy?: 'fast' | 'best';
  /** When the conversation started (default: the Unix epoch, so times are offsets). */
  startTime?: string | Date;
  enableSeparateRecognitionPerChannel?: boolean;
  channelMetadata?: readonly ChannelMetadata[];
  /** Separate speakers of a mono recording by clustering. Wins over per-channel recognition. */
  enableSpeakerDiarization?: boolean;
  diarizationSpeakerCount?: number;
  /** Called as recognition advances (after each block of audio) and when speakers are separated. */
  onProgress?: (progress: SpeechProgress) => void;
  /**
   * Recognition of the one recording in pieces on every worker at once, cut at pauses: by default
   * when the recogniser can (pocketsphinx on a pool of more than one worker); `enabled: false`
   * turns it off (see PiecewiseOptions).
   */
  pieces?: PiecewiseOptions | undefined;
}

interface Span {
  channel: number;
  speaker: number;
  words: RecognizedWord[];
}

const MODEL_RATE = 16000;

function baseTime(startTime: string | Date | undefined): number {
  if (startTime === undefined) return 0;
  const ms = startTime instanceof Date ? startTime.getTime() : Date.parse(startTime);
  if (Number.isNaN(ms))
    throw new ValidationError('speech options', [{ path: 'startTime', message: 'not a valid date' }]);
  return ms;
}

/** Splits an utterance where the speaker label of its words changes. */
function splitBySpeaker(words: RecognizedWord[], labels: number[], channel: number): Span[] {
  const spans: Span[] = [];
  words.forEach((word, i) => {
    const speaker = labels[i] as number;
    const last = spans[spans.length - 1];
    if (last && last.speaker === speaker) last.words.push(word);
    else spans.push({ channel, speaker, words: [word] });
  });
  return spans;
}

/**
 * From audio or video (bytes, path or stream) to the finished list of speaker-attributed,
 * timed messages, ready for the insight engine. Streams end to end: audio is decoded, recognised
 * on worker threads and described for diarization as it arrives, so memory does not grow with
 * duration. With pocketsphinx on more than one worker (unless `pieces: { enabled: false }`), the
 * recording is recognised in pieces on all of them at once (its audio spooled to a temporary
 * file meanwhile); otherwise one stream per channel, with backpressure. Per-channel recognition attributes exactly (one speaker per
 * channel, named from `channelMetadata`); diarization clusters voices in mono audio.
 */
export async function speechToMessages(
  input: AudioInput,
  options: SpeechToMessagesOptions = {},
): Promise<SpeechMessage[]> {
  const t0 = baseTime(options.startTime);
  const count = options.diarizationSpeakerCount;
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new ValidationError('speech options', [
      { path: 'diarizationSpeakerCount', message: 'must be a positive integer' },
    ]);
  }
  const minPiece = options.pieces?.minPieceSeconds;
  if (minPiece !== undefined && !(Number.isFinite(minPiece) && minPiece >= 1)) {
    throw new ValidationError('speech options', [
      { path: 'pieces.minPieceSeconds', message: `expected at least 1 second, got ${minPiece}` },
    ]);
  }
  const diarize = options.enableSpeakerDiarization === true;
  const perChannel = !diarize && options.enableSeparateRecognitionPerChannel === true;
  const recognizer = options.recognizer ?? new PocketsphinxRecognizer();
  const recognizerOptions: RecognizerOptions = {
    sampleRate: MODEL_RATE,
    customVocabulary: options.customVocabulary,
    mode: options.mode,
    languageModel: options.languageModel,
    modelPath: options.modelPath,
  };
  const features = diarize ? new SpeakerDiarizer(MODEL_RATE) : undefined;
  let recognizedSeconds = 0;
  const utterances = await recognizeAudio(input, {
    recognizer,
    options: recognizerOptions,
    sampleRate: MODEL_RATE,
    layout: perChannel ? 'separate' : 'mono',
    adapt: options.accuracy === 'best' && recognizer instanceof PocketsphinxRecognizer,
    pieces: options.pieces,
    ...(features === undefined ? {} : { onAudio: (pcm: Int16Array) => features.push(pcm) }),
    onProgress: (seconds) => {
      recognizedSeconds = seconds;
      options.onProgress?.({ stage: 'recognizing', recognizedSeconds });
    },
  });

  let spans: Span[];
  if (features) {
    options.onProgress?.({ stage: 'separating_speakers', recognizedSeconds });
    const turns = features.finish(count);
    const all = (utterances[0] ?? []).flatMap((u) => u.words);
    const wordLabels = diarizeWords(
      all,
      turns,
      turns.map((t) => t.speaker),
    );
    let at = 0;
    spans = (utterances[0] ?? []).flatMap((u) => {
      const mine = wordLabels.slice(at, at + u.words.length);
      at += u.words.length;
      return splitBySpeaker(u.words, mine, 0);
    });
  } else {
    spans = utterances.flatMap((list, channel) =>
      list.map((u) => ({ channel, speaker: perChannel ? channel : 0, words: u.words })),
    );
  }
  spans.sort((a, b) => (a.words[0]?.start ?? 0) - (b.words[0]?.start ?? 0));
  const iso = (seconds: number): string => new Date(t0 + Math.round(seconds * 1000)).toISOString();
  return spans.map((span, i) => {
    const first = span.words[0] as RecognizedWord;
    const last = span.words[span.words.length - 1] as RecognizedWord;
    return {
      id: `message-${i + 1}`,
      text: span.words.map((w) => w.word).join(' '),
      speaker: speakerIdentity(span.speaker, perChannel ? options.channelMetadata : undefined),
      ...(perChannel ? { channel: span.channel + 1 } : {}),
      start: first.start,
      end: last.end,
      startTime: iso(first.start),
      endTime: iso(last.end),
      confidence:
        Math.round((span.words.reduce((s, w) => s + w.confidence, 0) / span.words.length) * 1000) / 1000,
      words: span.words.map((w) => ({
        word: w.word,
        start: w.start,
        end: w.end,
        startTime: iso(w.start),
        endTime: iso(w.end),
        score: w.confidence,
      })),
    };
  });
}
