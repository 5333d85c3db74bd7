/**
 * Diagnostics for recognition in pieces: one recording recognised as one stream and in pieces
 * through the same code (ParallelRecognition with one slot, then with every worker), the pieces
 * logged, and the words that differ listed with their times and distance from the nearest cut.
 *   tsx bench/asrPiecesDiff.ts [wav] [slots]
 * Knobs: LISTEN=0 (pieces start at their warm-up instead of listening from the start of the
 * recording), MIN_PIECE=60 (seconds), WARM_UP (seconds;
 * default the recogniser's), ONE_STREAM_CACHE=path (reuse one stream's words across runs).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { tenMinuteMeeting } from '../scripts/fixtures/tenMinuteMeeting.ts';
import {
  ParallelRecognition,
  type PieceReport,
  type RecognitionTrack,
} from '../src/engine/asr/ParallelRecognition.ts';
import { PocketsphinxRecognizer } from '../src/engine/asr/PocketsphinxRecognizer.ts';
import type { RecognizedWord } from '../src/engine/asr/RecognitionEvent.ts';
import { RecognizerWorkerPool } from '../src/engine/asr/RecognizerWorkerPool.ts';
import { wordErrorRate } from '../src/engine/asr/wordErrorRate.ts';
import { decodeAudio } from '../src/engine/audio/decodeAudio.ts';
import { PauseFinder } from '../src/engine/audio/PauseFinder.ts';
import { PcmSpool } from '../src/engine/audio/PcmSpool.ts';

const RATE = 16000;
const base = await tenMinuteMeeting();
const wav = process.argv[2] ?? base.mixWav;
const reference = process.argv[2] === undefined ? base.turns.map((t) => t.text).join(' ') : undefined;
const slots = Number(process.argv[3] ?? availableParallelism());
const minPiece = Number(process.env.MIN_PIECE ?? '60');
const dir = mkdtempSync(join(tmpdir(), 'parley-diff-'));
const pool = new RecognizerWorkerPool(slots);
const recognizer = new PocketsphinxRecognizer(pool);
const cap = recognizer.piecewise;
try {
  const spool = await PcmSpool.create(join(dir, 'a.wav'), RATE);
  const pauses = new PauseFinder(RATE);
  for await (const block of decodeAudio(wav, { sampleRate: RATE, layout: 'mono' })) {
    pauses.push(block.channels[0] as Int16Array);
    await spool.append(block.channels[0] as Int16Array);
  }
  await spool.finish();
  const track: RecognitionTrack = {
    spool,
    pauses,
    options: { sampleRate: RATE },
  };
  const run = async (n: number) => {
    const pieces: PieceReport[] = [];
    const started = performance.now();
    const out = await new ParallelRecognition([track], {
      recognizer,
      slots: n,
      canSplit: () => cap.idle(),
      alignment: cap.alignment,
      warmUp: Math.round(Number(process.env.WARM_UP ?? cap.warmUpSeconds) * RATE),
      listens: cap.listens && process.env.LISTEN !== '0',
      lookahead: Math.round((cap.maxUtteranceSeconds + 2) * RATE),
      minPiece: Math.round(minPiece * RATE),
      onPiece: (p) => pieces.push({ ...p, startedAt: (p.startedAt - started) / 1000 }),
    }).run();
    return {
      seconds: (performance.now() - started) / 1000,
      words: (out[0] ?? []).flatMap((u) => u.words),
      pieces,
      utterances: out[0] ?? [],
    };
  };
  const cache = process.env.ONE_STREAM_CACHE;
  const one =
    cache !== undefined && existsSync(cache)
      ? (JSON.parse(readFileSync(cache, 'utf8')) as Awaited<ReturnType<typeof run>>)
      : await run(1);
  if (cache !== undefined) writeFileSync(cache, JSON.stringify(one));
  console.log(`one stream: ${one.seconds.toFixed(1)} s, ${one.words.length} words`);
  const many = await run(slots);
  console.log(`pieces: ${many.seconds.toFixed(1)} s, ${many.words.length} words`);
  const s = (x: number | undefined) => (x === undefined ? 'end' : (x / RATE).toFixed(2));
  for (const p of many.pieces)
    console.log(
      `  piece from ${s(p.from)} start ${s(p.start)} end ${s(p.end)} read to ${s(p.readTo)}: started ${p.startedAt.toFixed(1)} s, took ${p.seconds.toFixed(1)} s`,
    );
  const cuts = many.pieces.map((p) => p.start / RATE).filter((x) => x > 0);
  // Word-level diff (LCS on words).
  const a = one.words;
  const b = many.words;
  const n = a.length;
  const m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1)
    for (let j = m - 1; j >= 0; j -= 1)
      dp[i]![j] =
        a[i]!.word === b[j]!.word ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  let i = 0;
  let j = 0;
  const near = (t: number) =>
    Math.min(...cuts.map((c) => Math.abs(t - c)), Number.POSITIVE_INFINITY).toFixed(1);
  const fmt = (w: RecognizedWord) => `${w.word}@${w.start.toFixed(2)}-${w.end.toFixed(2)}`;
  let differences = 0;
  let timing = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i]!.word === b[j]!.word) {
      if (Math.abs(a[i]!.start - b[j]!.start) > 0.02) timing += 1;
      i += 1;
      j += 1;
    } else if (j < m && (i === n || dp[i]![j + 1]! >= dp[i + 1]![j]!)) {
      console.log(`  + ${fmt(b[j]!)} (cut ${near(b[j]!.start)} s away)`);
      differences += 1;
      j += 1;
    } else {
      console.log(`  - ${fmt(a[i]!)} (cut ${near(a[i]!.start)} s away)`);
      differences += 1;
      i += 1;
    }
  }
  if (reference !== undefined)
    console.log(
      `WER one stream ${wordErrorRate(reference, a.map((w) => w.word).join(' ')).toFixed(4)}, pieces ${wordErrorRate(reference, b.map((w) => w.word).join(' ')).toFixed(4)}`,
    );
  console.log(
    `cuts at ${cuts.map((c) => c.toFixed(2)).join(', ')}; ${differences} words differ, ${timing} same words timed >20 ms apart`,
  );
} finally {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
}
