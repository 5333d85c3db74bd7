import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/server/http/parseQuery.ts';

describe('parseQuery', () => {
  it('reads plain, repeated, bracketed and nested keys', () => {
    expect(parseQuery('limit=10&order=desc')).toEqual({ limit: '10', order: 'desc' });
    expect(parseQuery('v=a&v=b&v=c')).toEqual({ v: ['a', 'b', 'c'] });
    expect(parseQuery('v[0]=a&v[1]=b')).toEqual({ v: ['a', 'b'] });
    expect(parseQuery('v[]=a&v[]=b')).toEqual({ v: ['a', 'b'] });
    expect(parseQuery('c[0][channel]=1&c[0][speaker][name]=Ana')).toEqual({
      c: [{ channel: '1', speaker: { name: 'Ana' } }],
    });
    expect(parseQuery('name=Renewal+call&x=%5B%22a%22%5D')).toEqual({ name: 'Renewal call', x: '["a"]' });
    expect(parseQuery('flag')).toEqual({ flag: '' });
  });

  it('keeps malformed escapes verbatim and ignores prototype keys', () => {
    expect(parseQuery('a=%E0%A4%A&b=%')).toEqual({ a: '%E0%A4%A', b: '%' });
    const parsed = parseQuery('__proto__[x]=1&constructor=2&a[__proto__]=3&ok=4');
    expect(parsed).toEqual({ ok: '4' });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('never throws, and round-trips simple pairs', () => {
    fc.assert(
      fc.property(fc.string(), (search) => {
        parseQuery(search);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,8}$/), fc.string()), (pairs) => {
        const search = new URLSearchParams(pairs).toString();
        expect(parseQuery(search)).toEqual(pairs);
      }),
    );
  });
});
