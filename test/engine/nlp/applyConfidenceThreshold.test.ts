import { describe, expect, it } from 'vitest';
import { applyConfidenceThreshold } from '../../../src/engine/nlp/applyConfidenceThreshold.ts';

describe('applyConfidenceThreshold', () => {
  const insights = [{ score: 0.4 }, { score: 0.6 }, { score: 0.95 }];
  it('keeps insights scoring at least the threshold', () => {
    expect(applyConfidenceThreshold(insights, 0.6)).toEqual([{ score: 0.6 }, { score: 0.95 }]);
    expect(applyConfidenceThreshold(insights, 1.1)).toEqual([]);
  });
  it('keeps everything without a threshold', () => {
    expect(applyConfidenceThreshold(insights, undefined)).toEqual(insights);
    expect(applyConfidenceThreshold(insights, Number.NaN)).toEqual(insights);
  });
});
