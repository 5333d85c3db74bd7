import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PocketsphinxDecoder } from '../../../src/engine/asr/PocketsphinxDecoder.ts';
import { pocketsphinxArguments } from '../../../src/engine/asr/pocketsphinxArguments.ts';
import type { RecognitionEvent } from '../../../src/engine/asr/RecognitionEvent.ts';
import { synthesizeLines } from './speechFixture.ts';

let twice: Int16Array;

beforeAll(() => {
  const wav = readFileSync(
    synthesizeLines([{ voice: 'kal16', text: 'The payment page is slow on older phones.' }]).wav,
  );
  const once = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
  twice = new Int16Array(once.length * 2 + 16000);
  twice.set(once);
  twice.set(once, once.length + 16000);
});

function stream(decoder: PocketsphinxDecoder, listenSamples: number): RecognitionEvent[] {
  decoder.listenUntil(listenSamples);
  const out: RecognitionEvent[] = [];
  for (let at = 0; at < twice.length; at += 4096) out.push(...decoder.process(twice.subarray(at, at + 4096)));
  out.push(...decoder.finish());
  return out;
}

describe('PocketsphinxDecoder', () => {
  it('after finishing a stream, may listen to the start of the next one (it listened before, and threw after)', () => {
    // Mid first sentence: the stream recognises from its end, so the second sentence only.
    const listen = Math.round(twice.length / 4);
    const fresh = new PocketsphinxDecoder(pocketsphinxArguments({}), {});
    const reused = new PocketsphinxDecoder(pocketsphinxArguments({}), {});
    try {
      const first = stream(fresh, listen);
      expect(first.some((e) => e.type === 'final')).toBe(true);
      stream(reused, 0);
      const second = stream(reused, listen);
      // Nothing from what was only listened to; the second sentence is recognised.
      for (const e of second)
        expect(e.type === 'final' ? e.utterance.start : e.start).toBeGreaterThanOrEqual(listen / 16000);
      expect(second.some((e) => e.type === 'final')).toBe(true);
    } finally {
      fresh.release();
      reused.release();
    }
  });
});
