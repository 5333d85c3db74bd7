/**
 * Child process of bench/asr.ts: runs speechToMessages with diarization on one (long) file and
 * prints JSON with the wall time, the peak resident memory (VmHWM) and what came out. Run alone
 * so the peak belongs to this pipeline only.
 */
import { readFileSync } from 'node:fs';
import { speechToMessages } from '../src/engine/speechToMessages.ts';

const file = process.argv[2];
if (!file) throw new TypeError('usage: asrLongFile.ts <audio file>');
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 200);
const started = performance.now();
const messages = await speechToMessages(file, { enableSpeakerDiarization: true, diarizationSpeakerCount: 2 });
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const status = readFileSync('/proc/self/status', 'utf8');
const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
process.stdout.write(
  `${JSON.stringify({
    seconds,
    peakRssMb: Math.round(hwmKb / 1024),
    peakHeapMb: Math.round(peakHeap / 1048576),
    messages: messages.length,
    words: messages.reduce((n, m) => n + m.words.length, 0),
    audioSeconds: messages[messages.length - 1]?.end ?? 0,
  })}\n`,
);
