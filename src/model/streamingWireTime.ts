import { z } from 'zod';
import { ValidationError } from '../errors/ValidationError.ts';
import { parse } from './parse.ts';

/*
 * Two time quirks of the Streaming API, which clients rely on:
 * live word times are protobuf-style `{seconds, nanos}` objects whose values are *strings*, and a
 * final message carries its words as a JSON-encoded *string* in `metadata.words`. Building either
 * by hand is easy to get wrong, so both directions live here.
 */

const NANOS_PER_SECOND = 1_000_000_000;

/**
 * A non-negative integer of at most `maxDigits` digits on the wire: a string of digits, or (lenient,
 * as the Go SDK and protobuf JSON write it) a number, turned into the string. Both arms have the same range, so a parsed
 * value always parses again.
 */
function wireInteger(maxDigits: number) {
  return z.union([
    z.string().regex(new RegExp(`^\\d{1,${maxDigits}}$`), `expected a string of at most ${maxDigits} digits`),
    z
      .number()
      .int()
      .min(0)
      .max(10 ** maxDigits - 1)
      .transform((n) => String(n)),
  ]);
}

/**
 * Offset from the start of the stream, as `recognition_result` words carry it:
 * `{ "seconds": "3", "nanos": "800000000" }`. Both values are strings of integers on the wire.
 * Undocumented leniency: numbers are accepted too (protobuf JSON emits int32 `nanos` as a number)
 * and are turned into strings, so the parsed value is always the wire form.
 */
export const WireTime = z.looseObject({
  seconds: wireInteger(15),
  nanos: wireInteger(9),
});
export type WireTime = z.infer<typeof WireTime>;

/** Seconds (a finite, non-negative number) as a wire `{seconds, nanos}` pair, rounded to the nanosecond. */
export function toWireTime(seconds: number): WireTime {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new ValidationError('word time', [
      { path: '', message: `expected finite seconds >= 0, got ${seconds}` },
    ]);
  }
  let whole = Math.floor(seconds);
  let nanos = Math.round((seconds - whole) * NANOS_PER_SECOND);
  if (nanos === NANOS_PER_SECOND) {
    whole += 1;
    nanos = 0;
  }
  return { seconds: String(whole), nanos: String(nanos) };
}

/** A wire `{seconds, nanos}` pair (strings or numbers) as seconds. */
export function fromWireTime(time: z.input<typeof WireTime>): number {
  const { seconds, nanos } = parse(WireTime, time, 'word time');
  return Number(seconds) + Number(nanos) / NANOS_PER_SECOND;
}

/** One word of a final message: absolute ISO timestamps, as encoded inside `metadata.words`. */
export const MessageWord = z.looseObject({
  word: z.string(),
  startTime: z.iso.datetime({ offset: true }),
  endTime: z.iso.datetime({ offset: true }),
});
export type MessageWord = z.infer<typeof MessageWord>;

/** The words of a final message as the JSON string `message_response` puts in `metadata.words`. */
export function encodeMessageWords(words: readonly z.input<typeof MessageWord>[]): string {
  return JSON.stringify(parse(z.array(MessageWord), words, 'metadata.words'));
}

/**
 * The words inside a `metadata.words` string. Throws a ValidationError (subject `metadata.words`)
 * when the string is not JSON or not an array of `{word, startTime, endTime}`.
 */
export function decodeMessageWords(text: string): MessageWord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('metadata.words', [{ path: '', message: 'expected a JSON-encoded array' }], {
      cause: error,
    });
  }
  return parse(z.array(MessageWord), value, 'metadata.words');
}
