import { RecognizerError } from '../../errors/RecognizerError.ts';
import { flitePronunciation } from './flitePronunciation.ts';
import { type Pointer, pocketsphinxLibrary } from './pocketsphinxLibrary.ts';
import type { RecognitionEvent, RecognizedUtterance, RecognizedWord } from './RecognitionEvent.ts';

/** pocketsphinx frame rate (its -frate default). */
const FRAMES_PER_SECOND = 100;
/** Longest utterance before it is cut, so finals keep coming during speech without pauses. */
const MAX_UTTERANCE_SECONDS = 30;

/** Splits custom vocabulary entries (words or phrases) into lower-case dictionary tokens. */
export function vocabularyTokens(vocabulary: readonly string[]): string[] {
  const tokens = new Set<string>();
  for (const phrase of vocabulary) {
    for (const raw of phrase.toLowerCase().split(/\s+/)) {
      const token = raw.replace(/^[^a-z0-9']+|[^a-z0-9']+$/g, '');
      if (/^[a-z][a-z']*$/.test(token)) tokens.add(token);
    }
  }
  return [...tokens];
}

/** A dictionary word as the recogniser spells it, back to plain text (drops `(2)` variants). */
function plainWord(word: string): string | undefined {
  if (word.startsWith('<') || word.startsWith('[') || word.startsWith('+')) return undefined;
  return word.replace(/\(\d+\)$/, '');
}

/**
 * One pocketsphinx decoder, driven synchronously on the calling thread (a worker, in Parley).
 * Utterance ends come from pocketsphinx's own voice-activity detector (ps_get_in_speech after
 * each ps_process_raw). Word frame numbers (100 per second) count from the start of the stream
 * (ps_start_stream), not of the utterance (measured on this 5prealpha build), so they convert
 * straight to seconds from the start of the stream.
 */
export class PocketsphinxDecoder {
  private readonly lib = pocketsphinxLibrary();
  private readonly ps: Pointer;
  private readonly config: Pointer;
  private readonly logmath: Pointer;
  private samplesIn = 0;
  private uttStartSample = 0;
  private inSpeech = false;
  private lastPartialSample = 0;
  private lastPartialText = '';
  private released = false;
  /** Words added to the dictionary for this decoder's custom vocabulary, with their phones. */
  readonly addedWords = new Map<string, string>();

  private readonly sampleRate: number;
  private readonly partialIntervalMs: number;

  constructor(
    args: readonly string[],
    options: { sampleRate?: number; partialIntervalMs?: number; customVocabulary?: readonly string[] } = {},
  ) {
    this.sampleRate = options.sampleRate ?? 16000;
    this.partialIntervalMs = options.partialIntervalMs ?? 300;
    const argv = [...args];
    this.config = this.lib.cmd_ln_parse_r(null, this.lib.ps_args(), argv.length, argv, 1);
    if (!this.config) throw new RecognizerError(`pocketsphinx rejected its arguments: ${argv.join(' ')}`);
    this.ps = this.lib.ps_init(this.config);
    if (!this.ps) {
      this.lib.cmd_ln_free_r(this.config);
      throw new RecognizerError('pocketsphinx failed to load its model (ps_init returned NULL)');
    }
    this.logmath = this.lib.ps_get_logmath(this.ps);
    if (options.customVocabulary) this.addVocabulary(options.customVocabulary);
    this.startUtterance();
  }

  /** Adds dictionary entries for vocabulary words the dictionary lacks (pronounced by flite). */
  private addVocabulary(vocabulary: readonly string[]): void {
    const missing = vocabularyTokens(vocabulary).filter((w) => !this.hasWord(w));
    missing.forEach((word, i) => {
      const phones = flitePronunciation(word);
      if (!phones) return;
      const update = i === missing.length - 1 ? 1 : 0;
      if (this.lib.ps_add_word(this.ps, word, phones, update) >= 0) this.addedWords.set(word, phones);
    });
  }

  hasWord(word: string): boolean {
    const found = this.lib.ps_lookup_word(this.ps, word);
    if (!found) return false;
    this.lib.ckd_free(found);
    return true;
  }

  /** Feeds PCM; returns finals for utterances that ended and, now and then, a partial. */
  process(pcm: Int16Array): RecognitionEvent[] {
    this.assertLive();
    const events: RecognitionEvent[] = [];
    if (pcm.length === 0) return events;
    if (this.lib.ps_process_raw(this.ps, pcm, pcm.length, 0, 0) < 0)
      throw new RecognizerError('ps_process_raw failed');
    this.samplesIn += pcm.length;
    const speech = this.lib.ps_get_in_speech(this.ps) !== 0;
    const uttSeconds = (this.samplesIn - this.uttStartSample) / this.sampleRate;
    if (speech) this.inSpeech = true;
    if ((this.inSpeech && !speech) || uttSeconds >= MAX_UTTERANCE_SECONDS) {
      const final = this.endUtterance();
      if (final) events.push(final);
      this.startUtterance();
    } else if (
      this.inSpeech &&
      ((this.samplesIn - this.lastPartialSample) / this.sampleRate) * 1000 >= this.partialIntervalMs
    ) {
      this.lastPartialSample = this.samplesIn;
      const text = this.hypothesisText();
      if (text && text !== this.lastPartialText) {
        this.lastPartialText = text;
        events.push({ type: 'partial', text, start: this.uttStartSample / this.sampleRate });
      }
    }
    return events;
  }

  /** Ends the stream: returns the last utterance, if any; the decoder is ready for a new stream. */
  finish(): RecognitionEvent[] {
    this.assertLive();
    const final = this.endUtterance();
    this.samplesIn = 0;
    this.lib.ps_start_stream(this.ps);
    this.startUtterance();
    return final ? [final] : [];
  }

  /** Frees the native decoder; further calls throw RecognizerError. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.lib.ps_free(this.ps);
  }

  private assertLive(): void {
    if (this.released) throw new RecognizerError('pocketsphinx decoder used after release');
  }

  private startUtterance(): void {
    this.lib.ps_start_utt(this.ps);
    this.uttStartSample = this.samplesIn;
    this.lastPartialSample = this.samplesIn;
    this.lastPartialText = '';
    this.inSpeech = false;
  }

  private hypothesisText(): string {
    const hyp = this.lib.ps_get_hyp(this.ps, [0]);
    return (hyp ?? '')
      .split(/\s+/)
      .map((w) => plainWord(w))
      .filter((w): w is string => !!w)
      .join(' ');
  }

  private endUtterance(): RecognitionEvent | undefined {
    this.lib.ps_end_utt(this.ps);
    const words: RecognizedWord[] = [];
    for (let seg = this.lib.ps_seg_iter(this.ps); seg; seg = this.lib.ps_seg_next(seg)) {
      const word = plainWord(this.lib.ps_seg_word(seg));
      if (!word) continue;
      const sf = [0];
      const ef = [0];
      this.lib.ps_seg_frames(seg, sf, ef);
      const prob = this.lib.ps_seg_prob(seg, [0], [0], [0]);
      const confidence = Math.min(1, Math.max(0, this.lib.logmath_exp(this.logmath, prob)));
      words.push({
        word,
        start: round3((sf[0] ?? 0) / FRAMES_PER_SECOND),
        end: round3(((ef[0] ?? 0) + 1) / FRAMES_PER_SECOND),
        confidence: round3(confidence),
      });
    }
    if (words.length === 0) return undefined;
    const utterance: RecognizedUtterance = {
      text: words.map((w) => w.word).join(' '),
      start: (words[0] as RecognizedWord).start,
      end: (words[words.length - 1] as RecognizedWord).end,
      confidence: round3(words.reduce((s, w) => s + w.confidence, 0) / words.length),
      words,
    };
    return { type: 'final', utterance };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
