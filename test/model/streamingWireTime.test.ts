import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { parse } from '../../src/model/parse.ts';
import {
  decodeMessageWords,
  encodeMessageWords,
  fromWireTime,
  MessageWord,
  toWireTime,
  WireTime,
} from '../../src/model/streamingWireTime.ts';
import { assertMalformedNamed, assertRoundTrip } from './streamingSchemaProperties.ts';

describe('WireTime', () => {
  it('writes seconds as the {seconds, nanos} strings of the spec example', () => {
    expect(toWireTime(3.8)).toEqual({ seconds: '3', nanos: '800000000' });
    expect(toWireTime(0)).toEqual({ seconds: '0', nanos: '0' });
    expect(toWireTime(1.9999999999)).toEqual({ seconds: '2', nanos: '0' });
  });

  it('reads back what it writes, to the nanosecond', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), (seconds) => {
        expect(Math.abs(fromWireTime(toWireTime(seconds)) - seconds)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, seconds),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('accepts protobuf-style numbers and keeps the wire strings', () => {
    expect(parse(WireTime, { seconds: 4, nanos: 100000000 }, 'time')).toEqual({
      seconds: '4',
      nanos: '100000000',
    });
    expect(fromWireTime({ seconds: 4, nanos: 100000000 })).toBeCloseTo(4.1, 9);
  });

  it.each([
    [{ seconds: '-1', nanos: '0' }, 'seconds'],
    [{ seconds: '1', nanos: '1000000000' }, 'nanos'],
    [{ seconds: 1.5, nanos: 0 }, 'seconds'],
    [{ seconds: '1' }, 'nanos'],
  ])('rejects %j at %s', (time, path) => {
    expect(() => fromWireTime(time as never)).toThrow(ValidationError);
    expect(WireTime.safeParse(time).error!.issues[0]!.path).toEqual([path]);
  });

  it('refuses negative or non-finite seconds when writing', () => {
    for (const bad of [-0.1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => toWireTime(bad)).toThrow(ValidationError);
  });

  it('round-trips through JSON', () => {
    // Both fields are unions (string or number), which arbitraryInvalid cannot break: the
    // it.each above covers malformed times.
    assertRoundTrip(WireTime, 'time');
  });
});

describe('metadata.words', () => {
  const words = [
    { word: 'Can', startTime: '2024-03-04T15:00:01.200Z', endTime: '2024-03-04T15:00:01.400Z' },
    { word: 'you', startTime: '2024-03-04T15:00:01.400Z', endTime: '2024-03-04T15:00:01.550Z' },
  ];

  it('is a JSON string, exactly as in the spec example', () => {
    expect(encodeMessageWords(words)).toBe(
      '[{"word":"Can","startTime":"2024-03-04T15:00:01.200Z","endTime":"2024-03-04T15:00:01.400Z"},{"word":"you","startTime":"2024-03-04T15:00:01.400Z","endTime":"2024-03-04T15:00:01.550Z"}]',
    );
    expect(decodeMessageWords(encodeMessageWords(words))).toEqual(words);
  });

  it('round-trips any words', () => {
    fc.assert(
      fc.property(fc.array(arbitraryWord(), { maxLength: 5 }), (list) => {
        expect(decodeMessageWords(encodeMessageWords(list))).toEqual(list);
      }),
      { numRuns: 50 },
    );
    assertMalformedNamed(MessageWord, 'word');
  });

  it('throws a ValidationError for a string that is not JSON or not words', () => {
    expect(() => decodeMessageWords('[{')).toThrow(ValidationError);
    expect(() => decodeMessageWords('[{"word": 1}]')).toThrow(/\[0\]\.word/);
    expect(() => encodeMessageWords([{ word: 'x', startTime: 'yesterday', endTime: 'now' }])).toThrow(
      ValidationError,
    );
  });
});

function arbitraryWord() {
  const time = fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString());
  return fc.record({ word: fc.string(), startTime: time, endTime: time });
}
