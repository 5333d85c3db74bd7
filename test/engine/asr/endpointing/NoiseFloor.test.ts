import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NoiseFloor } from '../../../../src/engine/asr/endpointing/NoiseFloor.ts';

const LOWEST = Math.log(1e-9);

describe('NoiseFloor', () => {
  it('is the quietest frame of the last two seconds, never below the lowest level', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 0, noNaN: true }), { minLength: 1, maxLength: 700 }),
        (levels) => {
          const floor = new NoiseFloor();
          levels.forEach((level, i) => {
            const window = levels.slice(Math.max(0, i - 199), i + 1);
            expect(floor.update(level)).toBe(Math.max(LOWEST, Math.min(...window)));
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('drops at once to a quieter frame, holds under speech and follows a louder room', () => {
    const floor = new NoiseFloor();
    floor.update(-10);
    expect(floor.update(-12)).toBe(-12);
    // A second and a half of loud speech leaves it where it was.
    for (let i = 0; i < 150; i += 1) floor.update(-2);
    expect(floor.level).toBe(-12);
    // A room 4 units (about 17 dB) louder is the floor two seconds after it began.
    for (let i = 0; i < 199; i += 1) floor.update(-8);
    expect(floor.level).toBe(-8);
  });
});
