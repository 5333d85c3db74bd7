import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diarizationErrorRate } from '../../../src/engine/diarize/diarizationErrorRate.ts';

const reference = [
  { speaker: 'alice', start: 0, end: 4 },
  { speaker: 'bob', start: 5, end: 9 },
];

describe('diarizationErrorRate', () => {
  it('is 0 for a relabelled copy of the reference', () => {
    const swapped = reference.map((s) => ({ ...s, speaker: s.speaker === 'alice' ? 'S2' : 'S1' }));
    expect(diarizationErrorRate(reference, swapped, 10).der).toBe(0);
  });

  it('splits errors into missed speech, false alarm and confusion', () => {
    const hypothesis = [
      { speaker: 'A', start: 0, end: 2 },
      { speaker: 'A', start: 5, end: 9 },
      { speaker: 'B', start: 9, end: 10 },
    ];
    const error = diarizationErrorRate(reference, hypothesis, 10);
    expect(error.referenceSeconds).toBe(8);
    expect(error.missed).toBe(2);
    expect(error.falseAlarm).toBe(1);
    // A maps to bob (4 s together beats 2 s with alice), so alice's 2 s under A are confusion.
    expect(error.confusion).toBe(2);
    expect(error.der).toBeCloseTo(5 / 8, 6);
  });

  it('scores overlapping reference speech once per speaker', () => {
    const overlapped = [
      { speaker: 'alice', start: 0, end: 4 },
      { speaker: 'bob', start: 2, end: 6 },
    ];
    const error = diarizationErrorRate(overlapped, [{ speaker: 'X', start: 0, end: 6 }], 6);
    expect(error.referenceSeconds).toBe(8);
    expect(error.missed).toBe(2);
    expect(error.confusion).toBe(2);
  });

  it('is non-negative, the sum of its parts, and 0 for the reference itself', () => {
    const span = fc
      .record({ speaker: fc.constantFrom('a', 'b', 'c'), start: fc.double({ min: 0, max: 20, noNaN: true }) })
      .chain((s) => fc.double({ min: s.start, max: 20, noNaN: true }).map((end) => ({ ...s, end })));
    fc.assert(
      fc.property(
        fc.array(span, { minLength: 1, maxLength: 6 }),
        fc.array(span, { maxLength: 6 }),
        (ref, hyp) => {
          const e = diarizationErrorRate(ref, hyp, 20);
          expect(e.der).toBeGreaterThanOrEqual(0);
          expect(e.missed + e.falseAlarm + e.confusion).toBeGreaterThanOrEqual(0);
          if (e.referenceSeconds > 0)
            expect(e.der).toBeCloseTo((e.missed + e.falseAlarm + e.confusion) / e.referenceSeconds, 3);
          expect(diarizationErrorRate(ref, ref, 20).der).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
