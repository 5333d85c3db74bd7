/**
 * `npx tsx bench/endpointingSplits.ts`: why the live endpointer splits sentences. Decodes the
 * endpointing fixtures as bench:endpointing does and, for every reference sentence whose words
 * came in more than one final, prints where each cut fell and what decided it: the hangover the
 * endpointer chose with its cues (last words, the language model's log10 P(</s>)), or a new
 * voice heard after a pause (pitch medians either side), or pocketsphinx's own end of speech;
 * with the noise floor and the levels of the pause (dBFS). Then the turns whose final came more
 * than a second after their end, with what closed it.
 *   ENDPOINT_BENCH_SCRIPTS=sample-meeting,...     (default: tuning and held-out scripts)
 *   ENDPOINT_SPLITS_LAYOUTS='untrimmed + noise, natural gaps;...'  (default: the untrimmed ones)
 *   ENDPOINT_BENCH_ADAPTIVE='{"shortHangoverSeconds":0.18}'        settings (default: the defaults)
 */

import { Endpointer, type ResumedVoice } from '../src/engine/asr/endpointing/Endpointer.ts';
import {
  type ResolvedEndpointingSettings,
  resolveEndpointing,
} from '../src/engine/asr/endpointing/EndpointingSettings.ts';
import { isDifferentPitch } from '../src/engine/asr/endpointing/isDifferentVoice.ts';
import { NoiseFloor } from '../src/engine/asr/endpointing/NoiseFloor.ts';
import { requiredHangover, type UtteranceEndCues } from '../src/engine/asr/endpointing/requiredHangover.ts';
import { SpeechTracker } from '../src/engine/asr/endpointing/SpeechTracker.ts';
import { ENDPOINTING_BLOCK, PocketsphinxDecoder } from '../src/engine/asr/PocketsphinxDecoder.ts';
import { pocketsphinxArguments } from '../src/engine/asr/pocketsphinxArguments.ts';
import type { RecognizedUtterance } from '../src/engine/asr/RecognitionEvent.ts';
import { frameLogEnergy } from '../src/engine/audio/LoudnessGate.ts';
import { spectralVoiceDistance } from '../src/engine/audio/spectralVoiceDistance.ts';
import { benchScripts, endpointingFixture, FIXTURE_VARIANTS } from './endpointingFixtures.ts';
import { countSplitSentences, sentencesOf } from './sentenceSplits.ts';

const RATE = 16000;
const FRAME = RATE / 10;
const scripts = benchScripts();
const layouts = (process.env.ENDPOINT_SPLITS_LAYOUTS ?? '')
  .split(';')
  .map((s) => s.trim())
  .filter(Boolean);
const variants = FIXTURE_VARIANTS.filter((v) => (layouts.length ? layouts.includes(v.name) : v.room));
/** A turn whose final comes this long after its end is printed. */
const LATE_SECONDS = 1;
const settings = resolveEndpointing(JSON.parse(process.env.ENDPOINT_BENCH_ADAPTIVE ?? '{}'));

interface Cut {
  /** Audio seconds when the utterance was closed. */
  at: number;
  why: string;
}

/** The endpointer the decoder uses, with a record of each decision that closed an utterance. */
class TracedEndpointer extends Endpointer {
  readonly floor = new NoiseFloor();
  /** Per 10 ms frame: log energy and the floor after it. */
  readonly energy: number[] = [];
  readonly floors: number[] = [];
  /** A tracker of its own (the endpointer's is private), for the cues of a new voice. */
  readonly tracker = new SpeechTracker(RATE);
  #utteranceStart = 0;
  #rest = new Int16Array(0);
  #frames = 0;
  last: Cut | undefined;

  constructor(private readonly resolved: ResolvedEndpointingSettings) {
    super(resolved, RATE);
  }

  override push(pcm: Int16Array): void {
    super.push(pcm);
    this.tracker.push(pcm);
    const all = new Int16Array(this.#rest.length + pcm.length);
    all.set(this.#rest);
    all.set(pcm, this.#rest.length);
    let at = 0;
    for (; at + 160 <= all.length; at += 160) {
      const e = frameLogEnergy(all, at, 160);
      this.energy.push(e);
      this.floors.push(this.floor.update(e));
      this.#frames += 1;
    }
    this.#rest = all.slice(at);
  }

  override isOver(cues: () => UtteranceEndCues): boolean {
    let judged: UtteranceEndCues | undefined;
    const over = super.isOver(() => {
      judged = cues();
      return judged;
    });
    if (judged) this.judged = judged;
    if (over && this.judged) {
      const c = this.judged;
      const hangover = requiredHangover(c, this.resolved);
      this.last = {
        at: this.#frames / 100,
        why: `hangover ${hangover} s; last words "${c.words.slice(-3).join(' ')}", log10 P(</s>) ${c.sentenceEndLog10.toFixed(2)}; ${this.#levels(Math.round(hangover * 100))}`,
      };
    }
    return over;
  }

  judged: UtteranceEndCues | undefined;

  override utteranceStarted(heldFrames = 0): void {
    super.utteranceStarted(heldFrames);
    this.#utteranceStart = this.tracker.frames - heldFrames;
  }

  override resumedVoice(): ResumedVoice {
    const voice = super.resumedVoice();
    if (voice === 'new')
      this.last = { at: this.#frames / 100, why: `new voice (${this.#voiceCues()}); ${this.#levels(30)}` };
    return voice;
  }

  /** Pitch and spectrum either side of the pause, as the endpointer compares them. */
  #voiceCues(): string {
    const t = this.tracker;
    const run = t.runStart;
    const pauseStart = t.previousRunEnd + 1;
    const before = t.voiced.filter(
      (p) => p.frame < pauseStart && p.frame >= Math.max(this.#utteranceStart, pauseStart - 200),
    );
    const after = t.voiced.filter((p) => p.frame >= run);
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1] ?? Number.NaN;
    const octaves = Math.log2(median(after.map((p) => p.f0)) / median(before.map((p) => p.f0)));
    const cepstra = (frames: typeof before): Float32Array[] => frames.flatMap((p) => [p.cepstrum]);
    const spectrum = spectralVoiceDistance(cepstra(before), cepstra(after));
    const pitchSays = isDifferentPitch(
      before.map((p) => p.f0),
      after.map((p) => p.f0),
    );
    return `pitch ${octaves.toFixed(2)} octave${pitchSays ? ' (differs)' : ''}, spectrum ${spectrum?.toFixed(2) ?? '-'}, frames ${before.length}/${after.length}`;
  }

  /** Floor and the pause's levels over the last `frames` frames, in dBFS. */
  #levels(frames: number): string {
    const db = (ln: number): string => ((10 * ln) / Math.LN10).toFixed(1);
    const pause = this.energy.slice(-frames);
    const floor = this.floors[this.floors.length - 1] ?? 0;
    return `floor ${db(floor)} dB, pause levels ${db(Math.min(...pause))}..${db(Math.max(...pause))} dB`;
  }
}

for (const variant of variants) {
  let total = 0;
  let split = 0;
  for (const name of scripts) {
    const fixture = await endpointingFixture(name, variant);
    const decoder = new PocketsphinxDecoder(pocketsphinxArguments({ endpointing: settings }), {
      sampleRate: RATE,
      blockSamples: ENDPOINTING_BLOCK,
      endpointing: settings,
    });
    const traced = new TracedEndpointer(settings);
    (decoder as unknown as { endpointer: Endpointer }).endpointer = traced;
    const finals: Array<{ utterance: RecognizedUtterance; cut: Cut }> = [];
    try {
      for (let at = 0; at < fixture.pcm.length; at += FRAME) {
        traced.last = undefined;
        for (const e of decoder.process(fixture.pcm.subarray(at, at + FRAME)))
          if (e.type === 'final')
            finals.push({
              utterance: e.utterance,
              cut: traced.last ?? { at: (at + FRAME) / RATE, why: "pocketsphinx's own end of speech" },
            });
      }
      for (const e of decoder.finish())
        if (e.type === 'final') finals.push({ utterance: e.utterance, cut: { at: 0, why: 'end of stream' } });
    } finally {
      decoder.release();
    }
    // Turns whose final came late: the ones that make the 95th percentile.
    fixture.turns.forEach((turn, i) => {
      const holding = finals.filter((f) =>
        f.utterance.words.some(
          (w) => (w.start + w.end) / 2 >= turn.start && (w.start + w.end) / 2 <= turn.end,
        ),
      );
      const last = holding[holding.length - 1];
      if (!last || last.cut.at - turn.end < LATE_SECONDS) return;
      const next = fixture.turns[i + 1];
      process.stdout.write(
        `\n[${variant.name}] ${name}: turn ${i} (${turn.speaker}${next ? ` then ${next.speaker}` : ''}) final ${(last.cut.at - turn.end).toFixed(2)} s after its end: "${last.utterance.text}" closed by ${last.cut.why}\n`,
      );
    });
    const sentences = fixture.turns.flatMap((t) => sentencesOf(t.text));
    const counted = countSplitSentences(
      sentences,
      finals.map((f) => f.utterance.text),
    );
    total += counted.sentences;
    split += counted.split;
    for (const { sentence, finals: held } of counted.splits) {
      process.stdout.write(`\n[${variant.name}] ${name}: "${sentences[sentence]}"\n`);
      for (const index of held) {
        const f = finals[index];
        if (!f) continue;
        process.stdout.write(
          `  final ${index} "${f.utterance.text}" closed at ${f.cut.at.toFixed(2)} s: ${f.cut.why}\n`,
        );
      }
    }
  }
  process.stdout.write(`\n== ${variant.name}: ${split}/${total} sentences split\n`);
}
process.exit(0);
