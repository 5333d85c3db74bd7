/**
 * Section 7 of `npm run bench:asr`: one long recording through Parley (recognised in pieces on
 * every worker, and as one stream) against raw `pocketsphinx_continuous` on the same audio, in
 * the same run, with the word error rate of each against the script. Also runnable alone:
 * `tsx bench/asrOneRecording.ts` (knobs as in bench/asr.ts).
 *   ASR_BENCH_ONE_MINUTES=10,60   lengths (a longer one repeats the ~10-minute recording)
 *   ASR_BENCH_ONE_STREAM_MAX=15   longest length also run as one stream (minutes)
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinConversationScripts } from '../scripts/fixtures/joinConversationScripts.ts';
import { synthesizeConversation } from '../scripts/fixtures/synthesizeConversation.ts';
import { PocketsphinxRecognizer } from '../src/engine/asr/PocketsphinxRecognizer.ts';
import { RecognizerWorkerPool } from '../src/engine/asr/RecognizerWorkerPool.ts';
import { wordErrorRate } from '../src/engine/asr/wordErrorRate.ts';
import { speechToMessages } from '../src/engine/speechToMessages.ts';
import { rawPocketsphinx } from './asrRawPocketsphinx.ts';

/** Nine scripts joined: about ten and a half minutes of two-voice conversation. */
const TEN_MINUTES = [
  'engineering-standup',
  'hiring-debrief',
  'product-planning',
  'sales-discovery',
  'sample-meeting',
  'support-call',
  'engineering-standup',
  'hiring-debrief',
  'sample-meeting',
];

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

export async function oneRecordingSection(note: (text?: string) => void): Promise<void> {
  const minutes = (process.env.ASR_BENCH_ONE_MINUTES ?? '10,60').split(',').filter(Boolean).map(Number);
  const oneStreamMax = Number(process.env.ASR_BENCH_ONE_STREAM_MAX ?? '15');
  const base = await synthesizeConversation(joinConversationScripts('ten-minute-meeting', TEN_MINUTES));
  const baseReference = base.turns.map((t) => t.text).join(' ');
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-one-'));
  try {
    note(`## One long recording: in pieces on every core (${availableParallelism()}) vs the raw engine`);
    note();
    note(
      '| audio min | load before | raw wall s | Parley pieces wall s | **pieces / raw** | Parley one stream wall s | one stream / raw | WER raw | WER pieces | **WER ratio** | WER one stream | load after |',
    );
    note('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const wanted of minutes) {
      const copies = Math.max(1, Math.round((wanted * 60) / base.duration));
      const wav = copies === 1 ? base.mixWav : join(work, `${copies}x.wav`);
      if (copies > 1) await sox([...Array.from({ length: copies }, () => base.mixWav), wav]);
      const reference = Array.from({ length: copies }, () => baseReference).join(' ');
      const before = load();
      // Alternate, so a change in the machine's load falls on both sides.
      const progress = (what: string, seconds: number): void => {
        process.stderr.write(`${wanted} min: ${what} ${seconds.toFixed(1)} s (load ${load()})\n`);
      };
      const raw = await rawPocketsphinx(wav);
      progress('raw', raw.seconds);
      const pieces = await parley(wav, true);
      progress('pieces', pieces.seconds);
      const whole = copies * base.duration <= oneStreamMax * 60 ? await parley(wav, false) : undefined;
      if (whole) progress('one stream', whole.seconds);
      const werRaw = wordErrorRate(reference, raw.text);
      const werPieces = wordErrorRate(reference, pieces.text);
      note(
        `| ${((copies * base.duration) / 60).toFixed(1)} | ${before} | ${raw.seconds.toFixed(1)} | ${pieces.seconds.toFixed(1)} | **${r3(pieces.seconds / raw.seconds)}** | ${whole ? whole.seconds.toFixed(1) : '-'} | ${whole ? r3(whole.seconds / raw.seconds) : '-'} | ${r3(werRaw)} | ${r3(werPieces)} | **${r3(werPieces / werRaw)}** | ${whole ? r3(wordErrorRate(reference, whole.text)) : '-'} | ${load()} |`,
      );
    }
    note();
    note(
      'Targets: pieces / raw at most 0.6 on 2 cores, WER ratio at most 1.0. Every run starts cold (worker start and model load included); the raw engine is one process on one core.',
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
