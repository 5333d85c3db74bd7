import { parentPort } from 'node:worker_threads';
import { PocketsphinxDecoder } from './PocketsphinxDecoder.ts';
import type { FromRecognizerWorker, ToRecognizerWorker } from './recognizerWorkerProtocol.ts';

/**
 * Fresh decoders kept ready per configuration, so a new stream skips the model load. Used
 * decoders are not reused: pocketsphinx carries cepstral-mean and VAD state from one stream to
 * the next, which made the same audio decode differently on a reused decoder.
 */
const SPARES_PER_CONFIG = 1;

interface Stream {
  decoder: PocketsphinxDecoder;
  key: string;
  create: () => PocketsphinxDecoder;
}

const streams = new Map<number, Stream>();
const idle = new Map<string, PocketsphinxDecoder[]>();

function post(message: FromRecognizerWorker): void {
  parentPort?.postMessage(message);
}

function retire(stream: Stream): void {
  stream.decoder.release();
  const spares = idle.get(stream.key) ?? [];
  idle.set(stream.key, spares);
  if (spares.length >= SPARES_PER_CONFIG) return;
  // Build the spare after pending messages, so streams still running are not held up first.
  setImmediate(() => {
    if (spares.length >= SPARES_PER_CONFIG) return;
    try {
      spares.push(stream.create());
    } catch {
      // The next stream will build its own decoder and report the failure.
    }
  });
}

function handle(message: ToRecognizerWorker): void {
  const { id } = message;
  const stream = streams.get(id);
  switch (message.type) {
    case 'open': {
      const key = JSON.stringify([
        message.args,
        message.sampleRate,
        message.partialIntervalMs,
        message.customVocabulary,
        message.blockSamples,
        message.endpointing,
      ]);
      const create = (): PocketsphinxDecoder =>
        new PocketsphinxDecoder(message.args, {
          sampleRate: message.sampleRate,
          partialIntervalMs: message.partialIntervalMs,
          customVocabulary: message.customVocabulary,
          blockSamples: message.blockSamples,
          endpointing: message.endpointing,
        });
      const decoder = idle.get(key)?.pop() ?? create();
      streams.set(id, { decoder, key, create });
      decoder.listenUntil(message.listenSamples);
      return;
    }
    case 'audio': {
      if (!stream) return;
      const events = stream.decoder.process(message.pcm);
      post({ type: 'events', id, events, acked: 1 });
      return;
    }
    case 'end': {
      if (!stream) return;
      streams.delete(id);
      const events = stream.decoder.finish();
      post({ type: 'events', id, events, acked: 0 });
      post({ type: 'ended', id });
      retire(stream);
      return;
    }
    case 'abort': {
      if (!stream) return;
      streams.delete(id);
      retire(stream);
    }
  }
}

parentPort?.on('message', (message: ToRecognizerWorker) => {
  try {
    handle(message);
  } catch (error) {
    // One bad stream must not take the worker (and every other stream on it) down.
    const stream = streams.get(message.id);
    streams.delete(message.id);
    if (stream) {
      try {
        stream.decoder.release();
      } catch {
        // already released
      }
    }
    post({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
});
