import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORWARDED_BY_HEADER, ForwardMark } from '../../../src/server/cluster/ForwardMark.ts';

const nodeIds = fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);
const keys = fc.string({ minLength: 1, maxLength: 64 });

describe('ForwardMark', () => {
  it('is recognised by every node holding the deployment key, whichever node forwarded', () => {
    fc.assert(
      fc.property(nodeIds, nodeIds, keys, (from, to, key) => {
        const header = new ForwardMark(from, key).header();
        expect(new ForwardMark(to, key).verify({ [FORWARDED_BY_HEADER]: header })).toBe(true);
      }),
    );
  });

  it('is not recognised under another key, so a client cannot pass for a node', () => {
    fc.assert(
      fc.property(nodeIds, keys, keys, (nodeId, key, other) => {
        fc.pre(key !== other);
        const header = new ForwardMark(nodeId, other).header();
        expect(new ForwardMark('receiver', key).verify({ [FORWARDED_BY_HEADER]: header })).toBe(false);
      }),
    );
  });

  it('refuses a bare node id, a changed node id, a repeated header and none', () => {
    const mark = new ForwardMark('node-a', 'secret');
    const [, mac] = mark.header().split(/\.(?=[^.]*$)/);
    for (const headers of [
      { [FORWARDED_BY_HEADER]: 'node-a' },
      { [FORWARDED_BY_HEADER]: `node-b.${mac}` },
      { [FORWARDED_BY_HEADER]: `.${mac}` },
      { [FORWARDED_BY_HEADER]: [mark.header(), mark.header()] },
      {},
    ]) {
      expect(mark.verify(headers)).toBe(false);
    }
    expect(mark.verify({ [FORWARDED_BY_HEADER]: mark.header() })).toBe(true);
  });
});
