import { describe, expect, it } from 'vitest';
import { MessageListCache } from '../../../src/server/routes/MessageListCache.ts';

describe('MessageListCache', () => {
  it('tells lists apart by conversation, version and shape', () => {
    const lists = new MessageListCache();
    lists.set(MessageListCache.key('c1', 1, 'false,false'), 'a');
    expect(lists.get(MessageListCache.key('c1', 1, 'false,false'))).toBe('a');
    expect(lists.get(MessageListCache.key('c1', 2, 'false,false'))).toBeUndefined();
    expect(lists.get(MessageListCache.key('c1', 1, 'true,false'))).toBeUndefined();
    expect(lists.get(MessageListCache.key('c2', 1, 'false,false'))).toBeUndefined();
  });

  it('keeps within its bytes, dropping the least recently used first, and never keeps a list over a tenth', () => {
    // 200 bytes: lists of up to 10 characters (20 bytes) are kept.
    const lists = new MessageListCache(200);
    for (let i = 0; i < 10; i++) lists.set(`k${i}`, '0123456789');
    expect(lists.get('k0')).toBe('0123456789');
    lists.set('k10', '0123456789');
    // k0 was used last but one; k1 was the least recently used.
    expect(lists.get('k1')).toBeUndefined();
    expect(lists.get('k0')).toBe('0123456789');
    expect(lists.get('k10')).toBe('0123456789');
    lists.set('big', '01234567890');
    expect(lists.get('big')).toBeUndefined();
    lists.set('k0', 'replaced');
    expect(lists.get('k0')).toBe('replaced');
  });
});
