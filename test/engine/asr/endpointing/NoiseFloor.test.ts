import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NoiseFloor } from '../../../../src/engine/asr/endpointing/NoiseFloor.ts';

describe('NoiseFloor', () => {
  it('never sits above the quietest frame seen, nor below the lowest level', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 0, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (levels) => {
          const floor = new NoiseFloor();
          let quietest = Number.POSITIVE_INFINITY;
          for (const level of levels) {
            quietest = Math.min(quietest, level);
            const f = floor.update(level);
            expect(f).toBeLessThanOrEqual(Math.max(quietest, Math.log(1e-9)) + 300 * 0.005 + 1e-9);
            expect(f).toBeGreaterThanOrEqual(Math.log(1e-9));
          }
        },
      ),
    );
  });

  it('drops at once to a quieter frame and creeps up slowly under speech', () => {
    const floor = new NoiseFloor();
    floor.update(-10);
    expect(floor.update(-12)).toBe(-12);
    // A second of loud speech moves the floor by half a unit (about 2 dB) at most.
    for (let i = 0; i < 100; i += 1) floor.update(-2);
    expect(floor.level).toBeCloseTo(-11.5, 5);
  });
});
