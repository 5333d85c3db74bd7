import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PcmSpool } from '../../../src/engine/audio/PcmSpool.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-spool-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function nextPath(): string {
  files += 1;
  return join(dir, `spool-${files}.wav`);
}

describe('PcmSpool', () => {
  it('reads back any range of what was appended, appends overlapping or not, and ends as a complete WAV', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 300 }), { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }),
        async (blocks, together, ranges) => {
          const spool = await PcmSpool.create(nextPath(), 16000);
          const pcm = blocks.map((b) => Int16Array.from(b));
          if (together) await Promise.all(pcm.map((p) => spool.append(p)));
          else for (const p of pcm) await spool.append(p);
          const all = Int16Array.from(blocks.flat());
          expect(spool.samples).toBe(all.length);
          for (const [a, b] of ranges) {
            const from = all.length === 0 ? 0 : a % (all.length + 1);
            const to = from + (all.length === 0 ? 0 : b % (all.length - from + 1));
            expect(await spool.read(from, to)).toEqual(all.slice(from, to));
          }
          await spool.finish();
          const file = readFileSync(spool.path);
          expect(file.readUInt32LE(4)).toBe(36 + all.length * 2);
          expect(file.readUInt32LE(40)).toBe(all.length * 2);
          expect(
            new Int16Array(file.buffer.slice(file.byteOffset + 44, file.byteOffset + file.length)),
          ).toEqual(all);
          await spool.dispose();
          expect(existsSync(spool.path)).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('wakes a reader waiting for samples when they arrive, and when the spool completes short of them', async () => {
    const spool = await PcmSpool.create(nextPath(), 16000);
    let woken = false;
    const waiting = spool.until(100).then(() => {
      woken = true;
    });
    await spool.append(new Int16Array(50));
    await new Promise((resolve) => setImmediate(resolve));
    expect(woken).toBe(false);
    await spool.append(new Int16Array(60));
    await waiting;
    expect(spool.samples).toBe(110);
    const past = spool.until(1000);
    await spool.finish();
    await past;
    expect(spool.complete).toBe(true);
    await spool.dispose();
  });

  it('rejects reads outside what was appended and appends after finish', async () => {
    const spool = await PcmSpool.create(nextPath(), 16000);
    await spool.append(new Int16Array(10));
    await expect(spool.read(5, 11)).rejects.toThrow(RangeError);
    await expect(spool.read(-1, 3)).rejects.toThrow(RangeError);
    await expect(spool.read(6, 5)).rejects.toThrow(RangeError);
    await spool.finish();
    await expect(spool.append(new Int16Array(1))).rejects.toThrow(RangeError);
    await spool.dispose();
  });
});
