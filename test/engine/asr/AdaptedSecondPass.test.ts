import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { AdaptedSecondPass } from '../../../src/engine/asr/AdaptedSecondPass.ts';
import { sendumpToMixtureWeights } from '../../../src/engine/asr/estimateMllr.ts';
import { PocketsphinxRecognizer } from '../../../src/engine/asr/PocketsphinxRecognizer.ts';
import { DEFAULT_MODEL_DIR } from '../../../src/engine/asr/pocketsphinxArguments.ts';
import type { RecognizedUtterance } from '../../../src/engine/asr/RecognitionEvent.ts';
import { RecognizerWorkerPool } from '../../../src/engine/asr/RecognizerWorkerPool.ts';
import { wordErrorRate } from '../../../src/engine/asr/wordErrorRate.ts';
import { speechToMessages } from '../../../src/engine/speechToMessages.ts';
import { synthesizeLines } from './speechFixture.ts';

const LINES = [
  { voice: 'awb', text: 'The quarterly report shows revenue growing in every region.' },
  { voice: 'awb', text: 'We should hire two more engineers before the launch in March.' },
] as const;
const REFERENCE = LINES.map((l) => l.text).join(' ');
const pool = new RecognizerWorkerPool(2);
const recognizer = new PocketsphinxRecognizer(pool);

afterAll(() => pool.close());

describe('sendumpToMixtureWeights', () => {
  it('expands the model’s quantised weights into a Sphinx-III mixture weight file', () => {
    const out = sendumpToMixtureWeights(readFileSync(`${DEFAULT_MODEL_DIR}/en-us/sendump`));
    const text = out.toString('latin1', 0, 32);
    expect(text.startsWith('s3\nversion 1.0\n')).toBe(true);
    const body = out.indexOf('endhdr\n') + 'endhdr\n'.length;
    expect(body % 4).toBe(0);
    expect(out.readInt32LE(body)).toBe(0x11223344);
    const [senones, streams, densities, total] = [0, 1, 2, 3].map((i) => out.readUInt32LE(body + 4 + i * 4));
    expect([streams, densities]).toEqual([3, 128]);
    expect(total).toBe((senones as number) * 3 * 128);
    expect(out.length).toBe(body + 20 + (total as number) * 4);
    const weights = new Float32Array(
      out.buffer.slice(out.byteOffset + body + 20, out.byteOffset + out.length),
    );
    expect(weights.every((w) => w > 0 && w <= 1)).toBe(true);
    expect(() => sendumpToMixtureWeights(Buffer.alloc(64))).toThrow(/sendump/);
  });
});

describe('accuracy: best (MLLR second pass)', () => {
  it('recognises again with a transform adapted from the first pass, and cleans up', async () => {
    const { wav } = synthesizeLines([...LINES]);
    const fast = await speechToMessages(wav, { recognizer });
    const pass = await AdaptedSecondPass.create();
    const bytes = readFileSync(wav);
    await pass.record(
      0,
      new Int16Array(bytes.buffer.slice(bytes.byteOffset + 44, bytes.byteOffset + bytes.length)),
    );
    const firstPass: RecognizedUtterance[] = fast.map((m) => ({
      text: m.text,
      start: m.start,
      end: m.end,
      confidence: m.confidence,
      words: m.words.map((w) => ({ word: w.word, start: w.start, end: w.end, confidence: w.score })),
    }));
    const again = await pass.recognizeAgain(0, firstPass, recognizer, {});
    expect(existsSync(`${pass.dir}/adapt-0/mllr_matrix`)).toBe(true);
    const fastText = fast.map((m) => m.text).join(' ');
    const bestText = again.map((u) => u.text).join(' ');
    expect(wordErrorRate(REFERENCE, bestText)).toBeLessThanOrEqual(wordErrorRate(REFERENCE, fastText) + 0.1);
    expect(again.flatMap((u) => u.words).every((w) => w.end > w.start)).toBe(true);
    // Too little to adapt from: the first pass comes back unchanged.
    await pass.record(1, new Int16Array(1600));
    expect(await pass.recognizeAgain(1, firstPass.slice(0, 0), recognizer, {})).toEqual([]);
    await pass.dispose();
    expect(existsSync(pass.dir)).toBe(false);

    const best = await speechToMessages(wav, { recognizer, accuracy: 'best' });
    expect(best.map((m) => m.text).join(' ')).toBe(bestText);
  }, 180_000);
});
