import { describe, expect, it } from 'vitest';
import { coalescedRunner } from '../../../src/server/jobs/coalescedRunner.ts';

/** A run that stays open until its returned function is called. */
function gatedRuns() {
  const gates: Array<() => void> = [];
  let started = 0;
  const run = () =>
    new Promise<void>((resolve) => {
      started += 1;
      gates.push(resolve);
    });
  return { run, gates, started: () => started };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescedRunner', () => {
  it('never overlaps runs, and folds the calls made during one into a single run after it', async () => {
    const { run, gates, started } = gatedRuns();
    const start = coalescedRunner(run, () => undefined);
    start();
    start();
    start();
    expect(started()).toBe(1);
    gates[0]!();
    await settle();
    expect(started()).toBe(2);
    gates[1]!();
    await settle();
    expect(started()).toBe(2);
    start();
    expect(started()).toBe(3);
  });

  it('hands what a run throws to onError and keeps running later calls', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const start = coalescedRunner(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('claim failed');
      },
      (error) => errors.push(error),
    );
    start();
    await settle();
    expect(errors).toEqual([new Error('claim failed')]);
    start();
    await settle();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
