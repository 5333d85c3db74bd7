import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecognizerError } from '../../errors/RecognizerError.ts';
import { Endpointer } from './endpointing/Endpointer.ts';
import type { ResolvedEndpointingSettings } from './endpointing/EndpointingSettings.ts';
import type { UtteranceEndCues } from './endpointing/requiredHangover.ts';
import { SentenceEndModel } from './endpointing/SentenceEndModel.ts';
import { flitePronunciation } from './flitePronunciation.ts';
import { type Pointer, pocketsphinxLibrary } from './pocketsphinxLibrary.ts';
import type { RecognitionEvent, RecognizedUtterance, RecognizedWord } from './RecognitionEvent.ts';
import { vocabularyLanguageModel } from './vocabularyLanguageModel.ts';

/** pocketsphinx frame rate (its -frate default). */
const FRAMES_PER_SECOND = 100;
/**
 * Samples per ps_process_raw call, as pocketsphinx_continuous reads files: the VAD is polled after
 * each call, so the same block size makes utterance ends, and hence words, match the raw engine
 * exactly (1600-sample blocks measured 0.128 WER against the raw engine's 0.095 on a fixture).
 */
export const CONTINUOUS_BLOCK = 2048;
/** Samples per call when endpointing (50 ms at 16 kHz): the end of speech is looked for sooner. */
export const ENDPOINTING_BLOCK = 800;

/**
 * Samples per ps_process_raw call for a stream with these options: as pocketsphinx_continuous,
 * unless a shorter end-of-speech hangover was asked for, when a final must not wait for a block.
 */
export function decoderBlockSamples(options: {
  endOfSpeechSeconds?: number | undefined;
  endpointing?: unknown;
}): number {
  return options.endOfSpeechSeconds === undefined && options.endpointing === undefined
    ? CONTINUOUS_BLOCK
    : ENDPOINTING_BLOCK;
}
/** sphinxbase's ngram_file_type_t value for ARPA text. */
const NGRAM_ARPA = 1;
/** Name of the search that uses the vocabulary-weighted language model. */
const VOCABULARY_SEARCH = 'parley-vocabulary';
/** Name of the search a stream listens with before it recognises (see listenUntil). */
const LISTENING_SEARCH = 'parley-listening';
/** A grammar of no words: the search that listens scores almost nothing. */
const NO_WORDS = '#JSGF V1.0;\ngrammar parley_listening;\npublic <nothing> = <NULL>;\n';
/** Longest utterance before it is cut, so finals keep coming during speech without pauses. */
export const MAX_UTTERANCE_SECONDS = 30;
/** pocketsphinx's frame shift at 16 kHz (its -frate 100). */
const FRAME_SAMPLES = 160;
/**
 * A stream that starts a multiple of this many samples into a recording (10240, 0.64 s at 16 kHz)
 * sees the same analysis frames and the same CONTINUOUS_BLOCK boundaries as one that started at the
 * beginning, so its words come out on the same frames.
 */
export const STREAM_ALIGNMENT = (CONTINUOUS_BLOCK * FRAME_SAMPLES) / gcd(CONTINUOUS_BLOCK, FRAME_SAMPLES);

/** Custom vocabulary entries (words or phrases) as lists of lower-case dictionary tokens. */
export function vocabularyPhrases(vocabulary: readonly string[]): string[][] {
  return vocabulary
    .map((phrase) =>
      phrase
        .toLowerCase()
        .split(/\s+/)
        .map((raw) => raw.replace(/^[^a-z0-9']+|[^a-z0-9']+$/g, ''))
        .filter((token) => /^[a-z][a-z']*$/.test(token)),
    )
    .filter((phrase) => phrase.length > 0);
}

/** Splits custom vocabulary entries (words or phrases) into distinct lower-case dictionary tokens. */
export function vocabularyTokens(vocabulary: readonly string[]): string[] {
  return [...new Set(vocabularyPhrases(vocabulary).flat())];
}

/**
 * Weight of the custom-vocabulary model when interpolated with the general one: vocabulary words
 * gain about a tenth of 1/N probability (N vocabulary words) in every context, other words lose
 * a tenth of theirs.
 */
export const VOCABULARY_WEIGHT = 0.1;

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
  private readonly pending: Int16Array;
  private pendingLength = 0;
  private uttStartSample = 0;
  private inSpeech = false;
  private lastPartialSample = 0;
  private lastPartialText = '';
  private released = false;
  /** Whether the stream has had audio (its first utterance is started with it). */
  private begun = false;
  /** While listening: where recognition may begin, and the search that recognises. */
  private listening: { until: number; search: string } | undefined;
  /** Live endpointing, when asked for: decides utterance ends before pocketsphinx's own detector. */
  private readonly endpointer: Endpointer | undefined;
  private readonly sentenceEnd: SentenceEndModel | undefined;
  /** Blocks held back from pocketsphinx while the voice of resumed speech is judged. */
  private held: Int16Array[] = [];
  /** Words added to the dictionary for this decoder's custom vocabulary, with their phones. */
  readonly addedWords = new Map<string, string>();

  private readonly sampleRate: number;
  private readonly partialIntervalMs: number;

  constructor(
    args: readonly string[],
    options: {
      sampleRate?: number;
      partialIntervalMs?: number;
      customVocabulary?: readonly string[];
      /**
       * Samples per call into pocketsphinx, and so how often the end of an utterance is looked
       * for (default 2048, what pocketsphinx_continuous reads at a time: the same results as it).
       */
      blockSamples?: number;
      /**
       * Live endpointing (see Endpointer). Without it, utterances end where pocketsphinx's own
       * detector says, exactly as pocketsphinx_continuous would end them.
       */
      endpointing?: ResolvedEndpointingSettings | undefined;
    } = {},
  ) {
    this.pending = new Int16Array(options.blockSamples ?? CONTINUOUS_BLOCK);
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
    if (options.endpointing) {
      this.endpointer = new Endpointer(options.endpointing, this.sampleRate);
      const lm = this.lib.ps_get_lm(this.ps, this.lib.ps_get_search(this.ps));
      if (lm) this.sentenceEnd = new SentenceEndModel(this.lib, lm, this.logmath);
    }
  }

  /**
   * The stream's first `samples` are only listened to: pocketsphinx computes their features and
   * adapts to them (noise level, voice-activity detector, cepstral mean, utterance ends) as it
   * would while recognising, but searches a grammar of no words, at about 1/50 of the cost, and
   * gives no events. Recognition begins at the first utterance end at or after `samples`, with
   * the state one stream recognising from the start has there (its adaptation depends on the
   * audio and the utterance ends, not on what was recognised), so from then on the words are
   * that stream's. Must come before any audio.
   */
  listenUntil(samples: number): void {
    this.assertLive();
    if (this.begun) throw new RecognizerError('listenUntil must come before the first audio');
    if (!(samples > 0)) return;
    const search = this.lib.ps_get_search(this.ps);
    if (
      search === null ||
      this.lib.ps_set_jsgf_string(this.ps, LISTENING_SEARCH, NO_WORDS) < 0 ||
      this.lib.ps_set_search(this.ps, LISTENING_SEARCH) < 0
    )
      throw new RecognizerError('pocketsphinx could not set up a search to listen with');
    this.listening = { until: samples, search };
  }

  /** Back to the search that recognises (between utterances). */
  private stopListening(): void {
    if (this.listening === undefined) return;
    if (this.lib.ps_set_search(this.ps, this.listening.search) < 0)
      throw new RecognizerError('pocketsphinx could not switch from listening to recognising');
    this.listening = undefined;
  }

  /** Starts the stream's first utterance (searches can only be changed between utterances). */
  private begin(): void {
    if (this.begun) return;
    this.begun = true;
    this.startUtterance();
  }

  /**
   * Custom vocabulary: words the dictionary lacks get entries pronounced by flite's letter-to-sound
   * rules; then every vocabulary word and phrase gets weight from a small language model of the
   * vocabulary interpolated with the general model (a new search, only when vocabulary is given).
   */
  private addVocabulary(vocabulary: readonly string[]): void {
    const phrases = vocabularyPhrases(vocabulary);
    if (phrases.length === 0) return;
    const missing = vocabularyTokens(vocabulary).filter((w) => !this.hasWord(w));
    missing.forEach((word, i) => {
      const phones = flitePronunciation(word);
      if (!phones) return;
      const update = i === missing.length - 1 ? 1 : 0;
      if (this.lib.ps_add_word(this.ps, word, phones, update) >= 0) this.addedWords.set(word, phones);
    });
    const known = phrases.filter((p) => p.every((w) => this.hasWord(w)));
    if (known.length > 0) this.weightVocabulary(known);
  }

  /** Interpolates the current search's language model with a model of the vocabulary. */
  private weightVocabulary(phrases: string[][]): void {
    const general = this.lib.ps_get_lm(this.ps, this.lib.ps_get_search(this.ps));
    if (!general) return;
    const dir = mkdtempSync(join(tmpdir(), 'parley-vocab-'));
    try {
      const path = join(dir, 'vocabulary.lm');
      writeFileSync(path, vocabularyLanguageModel(phrases));
      const vocab = this.lib.ngram_model_read(this.config, path, NGRAM_ARPA, this.logmath);
      if (!vocab) throw new RecognizerError('pocketsphinx could not read the custom vocabulary model');
      // The set and the search each keep their own reference, so ours are dropped once installed.
      const set = this.lib.ngram_model_set_init(
        this.config,
        [general, vocab],
        ['general', 'vocabulary'],
        [1 - VOCABULARY_WEIGHT, VOCABULARY_WEIGHT],
        2,
      );
      this.lib.ngram_model_free(vocab);
      if (!set) throw new RecognizerError('pocketsphinx could not combine the custom vocabulary model');
      const installed = this.lib.ps_set_lm(this.ps, VOCABULARY_SEARCH, set) >= 0;
      this.lib.ngram_model_free(set);
      if (!installed || this.lib.ps_set_search(this.ps, VOCABULARY_SEARCH) < 0)
        throw new RecognizerError('pocketsphinx could not switch to the custom vocabulary search');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  hasWord(word: string): boolean {
    const found = this.lib.ps_lookup_word(this.ps, word);
    if (!found) return false;
    this.lib.ckd_free(found);
    return true;
  }

  /**
   * Feeds PCM of any length; returns finals for utterances that ended and, now and then, a
   * partial. Audio reaches pocketsphinx in blocks of exactly `blockSamples`, however it was cut.
   */
  process(pcm: Int16Array): RecognitionEvent[] {
    this.assertLive();
    this.begin();
    const events: RecognitionEvent[] = [];
    let at = 0;
    while (at < pcm.length) {
      const take = Math.min(this.pending.length - this.pendingLength, pcm.length - at);
      this.pending.set(pcm.subarray(at, at + take), this.pendingLength);
      this.pendingLength += take;
      at += take;
      if (this.pendingLength === this.pending.length) {
        this.pendingLength = 0;
        events.push(
          ...(this.endpointer ? this.processLiveBlock(this.endpointer) : this.processBlock(this.pending)),
        );
      }
    }
    return events;
  }

  /**
   * A block under live endpointing: held back while resumed speech is judged for a new voice,
   * otherwise decoded, and the utterance ended when the endpointer says it is over.
   */
  private processLiveBlock(endpointer: Endpointer): RecognitionEvent[] {
    const block = this.pending;
    endpointer.push(block);
    if (this.held.length === 0 && !(this.inSpeech && endpointer.shouldHold())) {
      const events = this.processBlock(block);
      if (this.inSpeech && endpointer.isOver(() => this.endCues())) events.push(...this.closeUtterance());
      return events;
    }
    this.held.push(block.slice());
    const voice = endpointer.resumedVoice();
    if (voice === 'undecided') return [];
    const events = voice === 'new' ? this.closeUtterance(this.held.length * block.length) : [];
    return [...events, ...this.releaseHeld()];
  }

  /** Decodes the blocks held back, in order. */
  private releaseHeld(): RecognitionEvent[] {
    const held = this.held;
    this.held = [];
    return held.flatMap((block) => this.processBlock(block));
  }

  /** Ends the utterance now and starts the next, `heldSamples` before what was pushed. */
  private closeUtterance(heldSamples = 0): RecognitionEvent[] {
    const final = this.endUtterance();
    this.startUtterance(heldSamples);
    return final ? [final] : [];
  }

  /** What the partial hypothesis says of how finished the utterance is. */
  private endCues(): UtteranceEndCues {
    const words = this.hypothesisText()
      .split(' ')
      .filter((w) => w !== '');
    return { words, sentenceEndLog10: this.sentenceEnd?.log10EndProbability(words) ?? 0 };
  }

  private processBlock(pcm: Int16Array): RecognitionEvent[] {
    const events: RecognitionEvent[] = [];
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
      this.listening === undefined &&
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
    this.begin();
    const events = this.releaseHeld();
    if (this.pendingLength > 0) events.push(...this.processBlock(this.pending.slice(0, this.pendingLength)));
    this.pendingLength = 0;
    // Like pocketsphinx_continuous: a last stretch the VAD never called speech is noise.
    let final: RecognitionEvent | undefined;
    if (this.inSpeech) final = this.endUtterance();
    else this.lib.ps_end_utt(this.ps);
    this.samplesIn = 0;
    this.stopListening();
    this.lib.ps_start_stream(this.ps);
    // The next stream's first utterance starts with its first audio, so it may listen first.
    this.begun = false;
    return final ? [...events, final] : events;
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

  /** Starts an utterance; `heldSamples` of audio already pushed will go to it (live endpointing). */
  private startUtterance(heldSamples = 0): void {
    if (this.listening !== undefined && this.samplesIn >= this.listening.until) this.stopListening();
    this.lib.ps_start_utt(this.ps);
    this.endpointer?.utteranceStarted(heldSamples / FRAME_SAMPLES);
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
    if (this.listening !== undefined) return undefined;
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

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
