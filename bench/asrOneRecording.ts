/**
 * Section 7 of `npm run bench:asr`: one long recording through Parley (recognised in pieces on
 * every worker, and as one stream) against raw `pocketsphinx_continuous` on the same audio, in
 * the same run, with the word error rate of each against the script. Also runnable alone:
 * `tsx bench/asrOneRecording.ts` (knobs as in bench/asr.ts).
 *   ASR_BENCH_ONE_MINUTES=10,60   lengths (a longer one repeats the ~10-minute recording)
 *   ASR_BENCH_ONE_STREAM_MAX=15   longest length also run as one stream (minutes)
 *   ASR_BENCH_ONE_ROUNDS=2        raw/pieces rounds per length (lengths up to ASR_BENCH_ONE_ROUNDS_MAX=15 minutes; longer: one)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tenMinuteMeeting } from '../scripts/fixtures/tenMinuteMeeting.ts';
import { PocketsphinxRecognizer } from '../src/engine/asr/PocketsphinxRecognizer.ts';
import { RecognizerWorkerPool } from '../src/engine/asr/RecognizerWorkerPool.ts';
import { wordErrorRate } from '../src/engine/asr/wordErrorRate.ts';
import { speechToMessages } from '../src/engine/speechToMessages.ts';
import { rawPocketsphinx } from './asrRawPocketsphinx.ts';

const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const r3 = (x: number): string => x.toFixed(3);

function sox(args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('sox', args, (error) => (error ? reject(error) : resolve())),
  );
}

/** Parley with a cold pool of one worker per core, as a user's process starts. */
async function parley(wav: string, inPieces: boolean): Promise<{ seconds: number; text: string }> {
  const pool = new RecognizerWorkerPool(availableParallelism());
  try {
    const started = performance.now();
    const messages = await speechToMessages(wav, {
      recognizer: new PocketsphinxRecognizer(pool),
      pieces: { enabled: inPieces },
    });
    return { seconds: (performance.now() - started) / 1000, text: messages.map((m) => m.text).join(' ') };
  } finally {
    await pool.close();
  }
}

/** What a cold start costs: a new worker loading the model, up to its first answer. */
async function coldStart(): Promise<number> {
  const pool = new RecognizerWorkerPool(1);
  try {
    const started = performance.now();
    const session = await new PocketsphinxRecognizer(pool).open({ sampleRate: 16000 });
    await session.write(new Int16Array(2048));
    await session.end();
    return (performance.now() - started) / 1000;
  } finally {
    await pool.close();
  }
}

interface Timed {
  seconds: number;
  text: string;
  loadBefore: string;
  loadAfter: string;
}

async function timed(run: () => Promise<{ seconds: number; text: string }>): Promise<Timed> {
  const loadBefore = load();
  const result = await run();
  return { ...result, loadBefore, loadAfter: load() };
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export async function oneRecordingSection(note: (text?: string) => void): Promise<void> {
  const minutes = (process.env.ASR_BENCH_ONE_MINUTES ?? '10,60').split(',').filter(Boolean).map(Number);
  const oneStreamMax = Number(process.env.ASR_BENCH_ONE_STREAM_MAX ?? '15');
  const rounds = Math.max(1, Number(process.env.ASR_BENCH_ONE_ROUNDS ?? '2'));
  const roundsMax = Number(process.env.ASR_BENCH_ONE_ROUNDS_MAX ?? '15');
  const base = await tenMinuteMeeting();
  const baseReference = base.turns.map((t) => t.text).join(' ');
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-one-'));
  try {
    note(`## One long recording: in pieces on every core (${availableParallelism()}) vs the raw engine`);
    note();
    note(
      `Cold start of one worker (thread start, model load, first answer): ${(await coldStart()).toFixed(2)} s.`,
    );
    note();
    note(
      '| audio min | run | raw wall s | Parley pieces wall s | **pieces / raw** | Parley one stream wall s | one stream / raw | WER raw | WER pieces | **WER ratio** | WER one stream | load before → after (raw; pieces; one stream) |',
    );
    note('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const wanted of minutes) {
      const copies = Math.max(1, Math.round((wanted * 60) / base.duration));
      const seconds = copies * base.duration;
      const wav = copies === 1 ? base.mixWav : join(work, `${copies}x.wav`);
      if (copies > 1) await sox([...Array.from({ length: copies }, () => base.mixWav), wav]);
      const reference = Array.from({ length: copies }, () => baseReference).join(' ');
      const progress = (what: string, run: Timed): void => {
        process.stderr.write(
          `${wanted} min: ${what} ${run.seconds.toFixed(1)} s (load ${run.loadBefore} → ${run.loadAfter})\n`,
        );
      };
      const ratios: number[] = [];
      // Raw and Parley alternate, so a change in the machine's load falls on both sides.
      const times = seconds <= roundsMax * 60 ? rounds : 1;
      for (let round = 1; round <= times; round += 1) {
        const raw = await timed(() => rawPocketsphinx(wav));
        progress('raw', raw);
        const pieces = await timed(() => parley(wav, true));
        progress('pieces', pieces);
        const whole =
          round === 1 && seconds <= oneStreamMax * 60 ? await timed(() => parley(wav, false)) : undefined;
        if (whole) progress('one stream', whole);
        const werRaw = wordErrorRate(reference, raw.text);
        const werPieces = wordErrorRate(reference, pieces.text);
        ratios.push(pieces.seconds / raw.seconds);
        const loads = [raw, pieces, ...(whole ? [whole] : [])]
          .map((r) => `${r.loadBefore} → ${r.loadAfter}`)
          .join('; ');
        note(
          `| ${(seconds / 60).toFixed(1)} | ${round} | ${raw.seconds.toFixed(1)} | ${pieces.seconds.toFixed(1)} | **${r3(pieces.seconds / raw.seconds)}** | ${whole ? whole.seconds.toFixed(1) : '-'} | ${whole ? r3(whole.seconds / raw.seconds) : '-'} | ${r3(werRaw)} | ${r3(werPieces)} | **${r3(werPieces / werRaw)}** | ${whole ? r3(wordErrorRate(reference, whole.text)) : '-'} | ${loads} |`,
        );
      }
      if (ratios.length > 1)
        note(`| ${(seconds / 60).toFixed(1)} | median | | | **${r3(median(ratios))}** | | | | | | | |`);
    }
    note();
    note(
      'Targets: pieces / raw at most 0.6 on 2 cores, WER ratio at most 1.0. Every Parley run starts cold (worker start and model load included, as above, once per worker); the raw engine is one process on one core. Loads are /proc/loadavg (1, 5, 15 min) before and after each run.',
    );
    note();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await oneRecordingSection((text = '') => process.stdout.write(`${text}\n`));
  process.exit(0);
}
