/**
 * `npm run bench:asr`: the speech engine against raw `pocketsphinx_continuous`, measured in the
 * same run on the same audio. Prints a markdown table and writes it to bench/asr.results.md.
 *
 * Data: the synthesized fixture conversations (scripts/fixtures) and the real-speech set
 * (bench/realSpeechSet.ts: ../shared/eval-data, or PARLEY_EVAL_DATA, and its real-speech/ folder,
 * or PARLEY_REAL_SPEECH). Environment knobs (all optional):
 *   ASR_BENCH_MEETINGS=a,b      fixture scripts to use (default: all)
 *   ASR_BENCH_RTF_RUNS=3        alternating Parley/raw runs on the one-file RTF (median taken)
 *   ASR_BENCH_LONG_MINUTES=2,6  lengths of the streamed long-file runs (memory must not grow)
 *   ASR_BENCH_DECODE_MINUTES=60 length of the decode-only long run (0 skips it)
 *   ASR_BENCH_PHASES=1,2,3,5,6,7 sections to run (meetings, real recordings: words and speakers, phone, speed,
 *                                memory, one long recording in pieces: bench/asrOneRecording.ts)
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type SynthesizedConversation,
  synthesizeConversation,
} from '../scripts/fixtures/synthesizeConversation.ts';
import { vocabularyTokens } from '../src/engine/asr/PocketsphinxDecoder.ts';
import { PocketsphinxRecognizer } from '../src/engine/asr/PocketsphinxRecognizer.ts';
import { DEFAULT_MODEL_DIR } from '../src/engine/asr/pocketsphinxArguments.ts';
import { RecognizerWorkerPool } from '../src/engine/asr/RecognizerWorkerPool.ts';
import { normalizeWords, wordErrorRate } from '../src/engine/asr/wordErrorRate.ts';
import { type AttributedSpan, speakerAttribution } from '../src/engine/diarize/speakerAttribution.ts';
import { type SpeechMessage, speechToMessages } from '../src/engine/speechToMessages.ts';
import { oneRecordingSection } from './asrOneRecording.ts';
import { rawPocketsphinx } from './asrRawPocketsphinx.ts';
import { realSpeechSection } from './asrRealSpeech.ts';
import { limitConcurrency } from './limitConcurrency.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const evalData = process.env.PARLEY_EVAL_DATA ?? join(repo, '../shared/eval-data');
const benchStarted = performance.now();
const lines: string[] = [];
const note = (text = ''): void => {
  lines.push(text);
  process.stdout.write(`${text}\n`);
};
const r3 = (x: number): string => x.toFixed(3);
const env = (name: string, fallback: string): string => process.env[name] ?? fallback;
const phases = new Set(env('ASR_BENCH_PHASES', '1,2,3,5,6,7').split(','));

/** Pooled word errors: sum of per-item errors over sum of reference words. */
class WerTally {
  errors = 0;
  words = 0;
  add(reference: string, hypothesis: string): number {
    const n = normalizeWords(reference).length;
    const wer = wordErrorRate(reference, hypothesis);
    this.errors += wer * n;
    this.words += n;
    return wer;
  }
  get wer(): number {
    return this.words === 0 ? 0 : this.errors / this.words;
  }
}

/** Share of reference occurrences of `tokens` that the hypothesis also contains (bag of words). */
function tokenRecall(reference: string, hypothesis: string, tokens: ReadonlySet<string>): [number, number] {
  const count = (words: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const w of words) if (tokens.has(w)) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const ref = count(normalizeWords(reference));
  const hyp = count(normalizeWords(hypothesis));
  let found = 0;
  let total = 0;
  for (const [w, n] of ref) {
    total += n;
    found += Math.min(n, hyp.get(w) ?? 0);
  }
  return [found, total];
}

const textOf = (messages: SpeechMessage[]): string => messages.map((m) => m.text).join(' ');
const wordSpans = (messages: SpeechMessage[]): AttributedSpan[] =>
  messages.flatMap((m) => m.words.map((w) => ({ speaker: m.speaker.name, start: w.start, end: w.end })));

function run(program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(program, args, { maxBuffer: 16 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  );
}

/** A copy of the en-us model (symlinks) whose front end stops at 3.8 kHz, for native 8 kHz decoding. */
function narrowBandModel(dir: string): string {
  const hmm = join(dir, 'en-us-8k');
  mkdirSync(hmm);
  for (const f of readdirSync(join(DEFAULT_MODEL_DIR, 'en-us'))) {
    if (f !== 'feat.params') symlinkSync(join(DEFAULT_MODEL_DIR, 'en-us', f), join(hmm, f));
  }
  const params = readFileSync(join(DEFAULT_MODEL_DIR, 'en-us', 'feat.params'), 'utf8');
  writeFileSync(join(hmm, 'feat.params'), params.replace(/-upperf \d+/, '-upperf 3800'));
  return hmm;
}

/** Two three-voice meetings and two two-voice calls: every voice, both kinds, a few minutes' run. */
const DEFAULT_MEETINGS = ['engineering-standup', 'product-planning', 'sales-discovery', 'support-call'];

const ratio = (a: number, b: number): string => (b === 0 ? (a === 0 ? '1.000' : 'inf') : r3(a / b));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const work = mkdtempSync(join(tmpdir(), 'parley-bench-asr-'));
try {
  note('# Parley speech engine vs raw pocketsphinx_continuous');
  note();
  note(
    `Run ${new Date().toISOString()}; ${(await run('nproc', [])).trim()} cores; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  note();

  // --- 1. Synthesized meetings: WER, custom vocabulary on domain words, speaker attribution ---
  const names = env('ASR_BENCH_MEETINGS', DEFAULT_MEETINGS.join(',')).split(',').filter(Boolean);
  const meetings: SynthesizedConversation[] = [];
  for (const name of names) meetings.push(await synthesizeConversation(name));
  const longest = [...meetings].sort((a, b) => b.duration - a.duration)[0] as SynthesizedConversation;
  if (phases.has('1')) {
    note('## Synthesized conversations (flite voices, 16 kHz)');
    note();
    note(
      '| conversation | voices | ref words | WER raw | WER Parley | WER Parley+vocab | domain recall raw | Parley | Parley+vocab | attribution per channel | attribution mono |',
    );
    note('|---|---|---|---|---|---|---|---|---|---|---|');
    const synth = { raw: new WerTally(), parley: new WerTally(), vocab: new WerTally() };
    const domain = { raw: [0, 0], parley: [0, 0], vocab: [0, 0] };
    const attribution = { channel: [] as number[], mono: [] as number[] };
    const rows = await limitConcurrency(
      meetings.map((m) => async () => {
        const reference = m.turns.map((t) => t.text).join(' ');
        const vocabulary = [
          ...(m.script.trackers ?? []).flatMap((t) => t.vocabulary),
          ...m.script.lines.flatMap((l) =>
            (l.labels?.entities ?? []).filter((e) => /[a-z]/i.test(e.text)).map((e) => e.text),
          ),
        ];
        const tokens = new Set(vocabularyTokens(vocabulary));
        const turns = m.turns.map((t) => ({ speaker: t.speaker, start: t.start, end: t.end }));
        const speakers = m.script.speakers.length;
        const raw = await rawPocketsphinx(m.mixWav);
        const mono = await speechToMessages(m.mixWav, {
          enableSpeakerDiarization: true,
          diarizationSpeakerCount: speakers,
        });
        const withVocab = await speechToMessages(m.mixWav, { customVocabulary: vocabulary });
        const perChannel = await speechToMessages(m.channelsWav, {
          enableSeparateRecognitionPerChannel: true,
          channelMetadata: m.script.speakers.map((s, i) => ({ channel: i + 1, speaker: { name: s.name } })),
        });
        return { m, reference, tokens, turns, raw, mono, withVocab, perChannel, speakers };
      }),
      2,
    );
    for (const { m, reference, tokens, turns, raw, mono, withVocab, perChannel, speakers } of rows) {
      const wRaw = synth.raw.add(reference, raw.text);
      const wParley = synth.parley.add(reference, textOf(mono));
      const wVocab = synth.vocab.add(reference, textOf(withVocab));
      const recall = {
        raw: tokenRecall(reference, raw.text, tokens),
        parley: tokenRecall(reference, textOf(mono), tokens),
        vocab: tokenRecall(reference, textOf(withVocab), tokens),
      };
      for (const k of ['raw', 'parley', 'vocab'] as const) {
        domain[k][0] = (domain[k][0] as number) + recall[k][0];
        domain[k][1] = (domain[k][1] as number) + recall[k][1];
      }
      const perChannelScore = speakerAttribution(turns, wordSpans(perChannel));
      const monoScore = speakerAttribution(turns, wordSpans(mono));
      attribution.channel.push(perChannelScore);
      attribution.mono.push(monoScore);
      const share = ([a, b]: number[]): string => `${a}/${b}`;
      note(
        `| ${m.script.name} | ${speakers} | ${normalizeWords(reference).length} | ${r3(wRaw)} | ${r3(wParley)} | ${r3(wVocab)} | ${share(recall.raw)} | ${share(recall.parley)} | ${share(recall.vocab)} | ${r3(perChannelScore)} | ${r3(monoScore)} |`,
      );
    }
    note(
      `| **all** | | ${synth.raw.words} | ${r3(synth.raw.wer)} | ${r3(synth.parley.wer)} | ${r3(synth.vocab.wer)} | ${r3((domain.raw[0] as number) / (domain.raw[1] as number))} | ${r3((domain.parley[0] as number) / (domain.parley[1] as number))} | ${r3((domain.vocab[0] as number) / (domain.vocab[1] as number))} | min ${r3(Math.min(...attribution.channel))} | min ${r3(Math.min(...attribution.mono))} |`,
    );
    note();
    note(
      `WER Parley / WER raw = **${ratio(synth.parley.wer, synth.raw.wer)}** (target <= 1.0); with custom vocabulary (tracker phrases + entity names) ${ratio(synth.vocab.wer, synth.raw.wer)}.`,
    );
    note();
  }

  // --- 2. Real recordings: words and speakers, against the raw engine (bench/asrRealSpeech.ts) ---
  if (phases.has('2')) await realSpeechSection(note, evalData);

  // --- 3. Telephone audio (8 kHz) ---
  const calls = meetings.filter((m) => m.script.kind === 'call');
  if (phases.has('3') && calls.length > 0) {
    note('## Telephone audio: 8 kHz renditions of the call scripts');
    note();
    const narrowHmm = narrowBandModel(work);
    const phone = { upsampledRaw: new WerTally(), nativeRaw: new WerTally(), parley: new WerTally() };
    for (const call of calls) {
      const narrow = await synthesizeConversation(call.script.name, { sampleRate: 8000 });
      const reference = narrow.turns.map((t) => t.text).join(' ');
      const up = join(work, `${call.script.name}-up16k.wav`);
      await run('sox', [narrow.mixWav, '-r', '16000', up]);
      const [upsampledRaw, nativeRaw, parley] = await Promise.all([
        rawPocketsphinx(up),
        rawPocketsphinx(narrow.mixWav, { hmm: narrowHmm, extra: ['-samprate', '8000', '-nfft', '256'] }),
        speechToMessages(narrow.mixWav, { mode: 'phone' }),
      ]);
      phone.upsampledRaw.add(reference, upsampledRaw.text);
      phone.nativeRaw.add(reference, nativeRaw.text);
      phone.parley.add(reference, textOf(parley));
    }
    note('| engine | WER |');
    note('|---|---|');
    note(`| raw, sox-upsampled to 16 kHz | ${r3(phone.upsampledRaw.wer)} |`);
    note(
      `| raw, native 8 kHz (-samprate 8000 -nfft 256, model front end capped at 3.8 kHz) | ${r3(phone.nativeRaw.wer)} |`,
    );
    note(`| Parley mode: phone (upsampled to 16 kHz by its own resampler) | ${r3(phone.parley.wer)} |`);
    note();
    note(
      `${calls.length} calls, ${phone.parley.words} reference words. Parley / raw upsampled = ${ratio(phone.parley.wer, phone.upsampledRaw.wer)}.`,
    );
    note();
  }

  // --- 5. Speed: real-time factor against the raw engine ---
  if (phases.has('5')) {
    note('## Speed (wall clock, cold engine each run: worker start and model load included)');
    note();
    const parleyCold = async (files: string[]): Promise<{ seconds: number; cores: number }> => {
      const pool = new RecognizerWorkerPool(2);
      const recognizer = new PocketsphinxRecognizer(pool);
      const cpu = process.cpuUsage();
      const started = performance.now();
      await Promise.all(files.map((f) => speechToMessages(f, { recognizer })));
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      await pool.close();
      return { seconds, cores: (used.user + used.system) / 1e6 / seconds };
    };
    const rawRuns: number[] = [];
    const parleyRuns: number[] = [];
    for (let i = 0; i < Number(env('ASR_BENCH_RTF_RUNS', '3')); i += 1) {
      rawRuns.push((await rawPocketsphinx(longest.mixWav)).seconds);
      parleyRuns.push((await parleyCold([longest.mixWav])).seconds);
    }
    const rawOne = median(rawRuns);
    const parleyOne = median(parleyRuns);
    note('| run | audio s | raw wall s | Parley wall s | RTF raw | RTF Parley | Parley / raw |');
    note('|---|---|---|---|---|---|---|');
    note(
      `| one file (${longest.script.name}, median of ${rawRuns.length}) | ${longest.duration.toFixed(1)} | ${rawOne.toFixed(2)} | ${parleyOne.toFixed(2)} | ${r3(rawOne / longest.duration)} | ${r3(parleyOne / longest.duration)} | **${r3(parleyOne / rawOne)}** |`,
    );
    const four = meetings.slice(0, 4);
    const fourAudio = four.reduce((s, m) => s + m.duration, 0);
    const rawFourStarted = performance.now();
    await Promise.all(four.map((m) => rawPocketsphinx(m.mixWav)));
    const rawFour = (performance.now() - rawFourStarted) / 1000;
    const parleyFour = await parleyCold(four.map((m) => m.mixWav));
    note(
      `| ${four.length} files at once (raw: ${four.length} processes) | ${fourAudio.toFixed(1)} | ${rawFour.toFixed(2)} | ${parleyFour.seconds.toFixed(2)} | ${r3(rawFour / fourAudio)} | ${r3(parleyFour.seconds / fourAudio)} | **${r3(parleyFour.seconds / rawFour)}** |`,
    );
    note();
    note(
      `Parley used ${parleyFour.cores.toFixed(2)} cores on average while recognising ${four.length} files at once (CPU time of the process and its worker threads / wall time).`,
    );
    note();
  }

  // --- 6. Memory on long streamed input ---
  if (phases.has('6')) {
    note('## Memory on long input (streamed; separate process per run)');
    note();
    note('| pipeline | audio minutes | wall s | RTF | peak RSS MB | peak heap MB | PCM if held whole MB |');
    note('|---|---|---|---|---|---|---|');
    const longRuns: Array<[string, number]> = [
      ...env('ASR_BENCH_LONG_MINUTES', '2,6')
        .split(',')
        .filter(Boolean)
        .map((m): [string, number] => ['full', Number(m)]),
      ...(Number(env('ASR_BENCH_DECODE_MINUTES', '60')) > 0
        ? [['decode', Number(env('ASR_BENCH_DECODE_MINUTES', '60'))] as [string, number]]
        : []),
    ];
    const source = meetings.find((m) => m.script.speakers.length === 3) ?? longest;
    for (const [mode, minutes] of longRuns) {
      const out = await run(process.execPath, [
        '--import',
        'tsx',
        join(repo, 'bench/asrLongFile.ts'),
        source.mixWav,
        String(minutes),
        mode,
        String(source.script.speakers.length),
      ]);
      const r = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number>;
      const label =
        mode === 'full' ? 'decode + recognise + diarize' : 'decode + diarization features + clustering';
      note(
        `| ${label} | ${minutes} | ${(r.seconds as number).toFixed(1)} | ${r3((r.seconds as number) / (minutes * 60))} | ${r.peakRssMb} | ${r.peakHeapMb} | ${r.pcmIfHeldWholeMb} |`,
      );
    }
    note();
  }
  // --- 7. One long recording on every core ---
  if (phases.has('7')) await oneRecordingSection(note);

  note(`Bench wall time ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`);
  // Only a complete run replaces the recorded table.
  if (['1', '2', '3', '5', '6', '7'].every((p) => phases.has(p)))
    writeFileSync(join(repo, 'bench/asr.results.md'), `${lines.join('\n')}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
  if (existsSync(work)) process.stderr.write(`could not remove ${work}\n`);
}
process.exit(0);
