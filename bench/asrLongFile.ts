/**
 * Child process of bench/asr.ts: feeds a long recording through Parley as a stream and prints
 * JSON with the wall time, peak resident memory (VmHWM) and peak heap. The recording is a WAV of
 * `minutes` made on the fly by looping the PCM of a 16 kHz mono 16-bit WAV, so no long file
 * is written. Run alone so the peak belongs to this pipeline only.
 *   asrLongFile.ts <source.wav> <minutes> full    -> speechToMessages with diarization
 *   asrLongFile.ts <source.wav> <minutes> decode  -> decodeAudio + diarization features only
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { decodeAudio } from '../src/engine/audio/decodeAudio.ts';
import { SpeakerDiarizer } from '../src/engine/diarize/SpeakerDiarizer.ts';
import { speechToMessages } from '../src/engine/speechToMessages.ts';

const [file, minutesArg, mode = 'full', speakersArg = '2'] = process.argv.slice(2);
if (!file || !minutesArg)
  throw new TypeError('usage: asrLongFile.ts <source.wav> <minutes> [full|decode] [speakers]');
const source = readFileSync(file);
const pcm = source.subarray(44);
const dataBytes = Math.floor((Number(minutesArg) * 60 * 16000 * 2) / 2) * 2;

/** A WAV of `dataBytes` looping the source PCM, produced on demand in 64 KiB pieces. */
function loopedWav(): Readable {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  let sent = 0;
  let first = true;
  return new Readable({
    read() {
      if (first) {
        first = false;
        this.push(header);
        return;
      }
      if (sent >= dataBytes) {
        this.push(null);
        return;
      }
      const size = Math.min(65536, dataBytes - sent);
      const piece = Buffer.alloc(size);
      for (let at = 0; at < size; ) {
        const from = (sent + at) % pcm.length;
        at += pcm.copy(piece, at, from, Math.min(pcm.length, from + size - at));
      }
      sent += size;
      this.push(piece);
    },
  });
}

let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 100);
const started = performance.now();
let summary: Record<string, number>;
if (mode === 'decode') {
  const features = new SpeakerDiarizer(16000);
  let samples = 0;
  for await (const block of decodeAudio(loopedWav())) {
    samples += block.channels[0]?.length ?? 0;
    // This loop never yields to timers, so sample the heap here.
    if (samples % (16000 * 60) < (block.channels[0]?.length ?? 0))
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    features.push(block.channels[0] as Int16Array);
  }
  const turns = features.finish(Number(speakersArg));
  summary = {
    audioSeconds: samples / 16000,
    turns: turns.length,
    speakers: new Set(turns.map((t) => t.speaker)).size,
  };
} else {
  const messages = await speechToMessages(loopedWav(), {
    enableSpeakerDiarization: true,
    diarizationSpeakerCount: Number(speakersArg),
  });
  summary = {
    audioSeconds: dataBytes / 32000,
    messages: messages.length,
    words: messages.reduce((n, m) => n + m.words.length, 0),
  };
}
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const status = readFileSync('/proc/self/status', 'utf8');
const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
process.stdout.write(
  `${JSON.stringify({
    mode,
    seconds,
    peakRssMb: Math.round(hwmKb / 1024),
    peakHeapMb: Math.round(peakHeap / 1048576),
    pcmIfHeldWholeMb: Math.round(dataBytes / 1048576),
    ...summary,
  })}\n`,
);
process.exit(0);
