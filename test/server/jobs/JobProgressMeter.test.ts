import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JOB_STAGES, type JobProgress, JobProgress as JobProgressSchema } from '../../../src/model/job.ts';
import { JobProgressMeter } from '../../../src/server/jobs/JobProgressMeter.ts';

function meter(kind: 'media' | 'text') {
  const reports: JobProgress[] = [];
  return { meter: new JobProgressMeter(kind, (p) => reports.push(p)), reports };
}

describe('JobProgressMeter', () => {
  it('walks a media job from 0 to 100 through its stages, in order, carrying the audio length', () => {
    const { meter: m, reports } = meter('media');
    m.at('decoding');
    for (let s = 0; s <= 600; s += 30)
      m.at('recognizing', s / 600, { audioSeconds: 600, recognizedSeconds: s });
    m.at('separating_speakers', 0, { audioSeconds: 600, recognizedSeconds: 600 });
    m.at('analyzing');
    expect(reports[0]).toEqual({ stage: 'decoding', percent: 0 });
    expect(reports.map((r) => r.stage).filter((s, i, all) => s !== all[i - 1])).toEqual([
      'decoding',
      'recognizing',
      'separating_speakers',
      'analyzing',
    ]);
    const recognized = reports.filter((r) => r.stage === 'recognizing');
    expect(recognized.at(-1)).toMatchObject({ audioSeconds: 600, recognizedSeconds: 600 });
    expect(reports.at(-1)).toMatchObject({ stage: 'analyzing', audioSeconds: 600 });
    expect(reports.at(-1)!.percent).toBeLessThan(100);
    for (const r of reports) expect(JobProgressSchema.parse(r)).toEqual(r);
  });

  it('puts the whole of a text job in analysis', () => {
    const { meter: m, reports } = meter('text');
    m.at('analyzing', 0.5);
    expect(reports).toEqual([{ stage: 'analyzing', percent: 50 }]);
  });

  it('never goes back and never repeats a report, whatever the runner says', () => {
    const step = fc.record({
      stage: fc.constantFrom(...JOB_STAGES),
      share: fc.oneof(fc.double({ min: -1, max: 2 }), fc.constant(Number.NaN)),
    });
    fc.assert(
      fc.property(fc.constantFrom('media', 'text'), fc.array(step, { maxLength: 40 }), (kind, steps) => {
        const { meter: m, reports } = meter(kind as 'media' | 'text');
        for (const { stage, share } of steps) m.at(stage, share);
        reports.forEach((r, i) => {
          expect(r.percent).toBeGreaterThanOrEqual(0);
          expect(r.percent).toBeLessThanOrEqual(100);
          if (i === 0) return;
          const before = reports[i - 1]!;
          expect(r.percent).toBeGreaterThanOrEqual(before.percent);
          expect(r.stage !== before.stage || r.percent !== before.percent).toBe(true);
        });
      }),
    );
  });
});
