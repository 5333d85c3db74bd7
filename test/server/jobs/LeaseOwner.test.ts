import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LeaseOwner } from '../../../src/server/jobs/LeaseOwner.ts';

describe('LeaseOwner', () => {
  it('names itself by host, pid and a unique id', () => {
    const owner = new LeaseOwner('box');
    expect(owner.id).toMatch(new RegExp(`^box/${process.pid}/[0-9a-f-]{36}$`));
    expect(new LeaseOwner('box').id).not.toBe(owner.id);
  });

  it('takes for dead only owners of this host whose process is gone, or that had this pid before', () => {
    const owner = new LeaseOwner('box');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    expect(owner.isDead(`box/${gone}/x`)).toBe(true);
    expect(owner.isDead(`box/${process.pid}/earlier-run`)).toBe(true);
    expect(owner.isDead(owner.id)).toBe(false);
    expect(owner.isDead(`box/${process.ppid}/x`)).toBe(false);
    // Another host's process cannot be checked from here: its lease runs out instead.
    expect(owner.isDead(`other-box/${gone}/x`)).toBe(false);
    expect(owner.isDead('worker-1234')).toBe(false);
  });
});
