/**
 * Overhead of the live client's audio path without a server: sources and operators alone, per
 * hour of audio, against a baseline measured in the same run (reading the same PCM from the same
 * WAV file in 100 ms blocks with plain fs calls, no Observable). The audio is the synthesized
 * sample meeting (68 s) read back to back until it fills BENCH_MINUTES (default 60).
 *
 * Pipelines (each one reads the file itself, so each includes the baseline's work):
 *   source       fromFile (WAV decoder, 100 ms chunks, Observable)
 *   vad          fromFile -> frames(20) -> vad()
 *   resample     fromFile -> resample(8000)
 *   send path    fromFile -> frames(100) -> what streamingSession does per chunk before the socket:
 *                wire format + bytes, bounded SendQueue, 8192-byte framing, ReplayBuffer
 *   selectors    an hour of server events (10 partials/s, a final sentence with an insight every
 *                5 s) -> dedupeResults -> transcript() + messages() + insights()
 * Each side runs BENCH_ROUNDS times (default 3), alternating; the fastest run counts.
 *   npx tsx bench/liveOperators.ts
 */
import { closeSync, openSync, readSync } from 'node:fs';
import {
  concat,
  count,
  defer,
  from,
  ignoreElements,
  lastValueFrom,
  merge,
  type Observable,
  share,
  toArray,
} from 'rxjs';
import { frames } from '../operators/frames.ts';
import { insights } from '../operators/insights.ts';
import { messages } from '../operators/messages.ts';
import { resample } from '../operators/resample.ts';
import { transcript } from '../operators/transcript.ts';
import { vad } from '../operators/vad.ts';
import { synthesizeConversation } from '../scripts/fixtures/synthesizeConversation.ts';
import type { AudioChunk } from '../sources/AudioChunk.ts';
import { fromFile } from '../sources/fromFile.ts';
import { dedupeResults } from '../src/streaming/dedupeResults.ts';
import { ReplayBuffer } from '../src/streaming/ReplayBuffer.ts';
import { SendQueue } from '../src/streaming/SendQueue.ts';
import type { StreamingEvent } from '../src/streaming/StreamingEvent.ts';
import { wireBytesOf, wireFormatOf } from '../src/streaming/wireAudio.ts';

const minutes = Number(process.env.BENCH_MINUTES ?? 60);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const fixture = await synthesizeConversation('sample-meeting');
const path = fixture.mixWav;
const fileSeconds = (await lastValueFrom(fromFile(path).pipe(toArray()))).reduce(
  (seconds, chunk) => seconds + chunk.data.length / 32000,
  0,
);
const passes = Math.max(1, Math.round((minutes * 60) / fileSeconds));
const audioHours = (passes * fileSeconds) / 3600;

/** The same file, `passes` times back to back. */
const source = (): Observable<AudioChunk> =>
  concat(...Array.from({ length: passes }, () => defer(() => fromFile(path))));

/** Baseline: the WAV's bytes in 100 ms blocks by plain reads (16 kHz mono s16le: 3200 bytes). */
function baseline(): Promise<number> {
  let checksum = 0;
  const block = Buffer.alloc(3200);
  for (let p = 0; p < passes; p += 1) {
    const fd = openSync(path, 'r');
    let position = 44;
    for (;;) {
      const n = readSync(fd, block, 0, block.length, position);
      if (n <= 0) break;
      checksum += block[0] as number;
      position += n;
    }
    closeSync(fd);
  }
  return Promise.resolve(checksum);
}

/** streamingSession's per-chunk send work, without the socket. */
function sendPath(audio$: Observable<AudioChunk>): Promise<number> {
  const queue = new SendQueue({ maxQueuedMs: 60_000, overflow: 'error' });
  const replay = new ReplayBuffer(60_000);
  let ms = 0;
  let bytes = 0;
  let frameCount = 0;
  return new Promise((resolve, reject) => {
    audio$.subscribe({
      next: (chunk) => {
        const format = wireFormatOf(chunk.format);
        const data = wireBytesOf(chunk, format);
        const duration = (data.length * 1000) / 32000;
        queue.push({ bytes: data, format, startMs: ms, startByte: bytes, ms: duration });
        ms += duration;
        bytes += data.length;
        for (let s = queue.shift(); s; s = queue.shift()) {
          for (let at = 0; at < s.bytes.length; at += 8192) {
            if (s.bytes.subarray(at, at + 8192).length > 0) frameCount += 1;
          }
          replay.sent(s);
          replay.ack(s.startByte);
        }
      },
      error: reject,
      complete: () => resolve(frameCount),
    });
  });
}

/** An hour of server events at a live session's density. */
function hourOfEvents(): StreamingEvent[] {
  const events: StreamingEvent[] = [];
  const seconds = Math.round(audioHours * 3600);
  for (let s = 0; s < seconds; s += 1) {
    for (let k = 0; k < 10; k += 1) {
      events.push({
        type: 'message',
        message: {
          type: 'recognition_result',
          isFinal: false,
          payload: { raw: { alternatives: [{ transcript: `words so far ${s} ${k}` }] } },
          punctuated: { transcript: `Words so far ${s} ${k}` },
        },
      });
    }
    if (s % 5 === 4) {
      events.push({
        type: 'message_response',
        messages: [{ id: `m${s}`, from: { name: 'Ben' }, payload: { content: `Sentence ${s}.` } }],
      });
      events.push({
        type: 'insight_response',
        insights: [{ id: `i${s}`, type: 'action_item', text: `Do ${s}.`, payload: { content: `Do ${s}.` } }],
      });
    }
  }
  return events;
}

const events = hourOfEvents();
function selectors(): Promise<number> {
  const shared$ = from(events).pipe(dedupeResults(), share());
  return lastValueFrom(
    merge(
      shared$.pipe(transcript(), ignoreElements()),
      shared$.pipe(messages(), ignoreElements()),
      shared$.pipe(insights('action_item'), ignoreElements()),
      shared$.pipe(count()),
    ),
  );
}

const sides: Record<string, () => Promise<unknown>> = {
  baseline,
  source: () => lastValueFrom(source().pipe(count())),
  vad: () => lastValueFrom(source().pipe(frames(20), vad(), count())),
  resample: () => lastValueFrom(source().pipe(resample(8000), count())),
  'send path': () => sendPath(source().pipe(frames(100))),
  selectors,
};

const best: Record<string, { wall: number; cpu: number }> = {};
for (let r = 0; r < rounds; r += 1) {
  for (const [name, run] of Object.entries(sides)) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    const wall = performance.now() - t0;
    const used = process.cpuUsage(cpu0);
    const cpu = (used.user + used.system) / 1000;
    const prev = best[name];
    if (!prev || wall < prev.wall) best[name] = { wall, cpu };
  }
}

const base = best.baseline as { wall: number; cpu: number };
console.log(
  `audio: ${fixture.script.name} (${fileSeconds.toFixed(1)} s) x ${passes} = ${(audioHours * 60).toFixed(1)} min; ` +
    `${events.length} events; fastest of ${rounds} rounds`,
);
console.log('side          ms per audio hour (wall)   CPU ms/h   x real time   / baseline   overhead ms/h');
for (const [name, { wall, cpu }] of Object.entries(best)) {
  const perHour = wall / audioHours;
  const cpuPerHour = cpu / audioHours;
  const overhead = (wall - (name === 'selectors' ? 0 : base.wall)) / audioHours;
  console.log(
    `${name.padEnd(12)}  ${perHour.toFixed(0).padStart(24)}   ${cpuPerHour.toFixed(0).padStart(8)}   ` +
      `${((audioHours * 3_600_000) / wall).toFixed(0).padStart(11)}   ${(wall / base.wall).toFixed(1).padStart(10)}   ` +
      `${name === 'baseline' ? '-' : overhead.toFixed(0).padStart(13)}`,
  );
}
