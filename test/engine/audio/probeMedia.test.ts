import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia, recordedTimeOf } from '../../../src/engine/audio/probeMedia.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-probe-'));
const RECORDED = '2026-12-06T09:15:00.000Z';
let created: string;
let plain: string;

/** One second of tone, encoded by ffmpeg with `args` (metadata) into `name`. */
function tone(name: string, args: string[] = []): string {
  const path = join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=d=1', ...args, path]);
  return path;
}

beforeAll(() => {
  created = tone('created.m4a', ['-metadata', `creation_time=${RECORDED}`]);
  plain = tone('plain.wav');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('probeMedia', () => {
  it("reads the container's duration and creation time from a file or from bytes", async () => {
    const [fromPath, fromBytes] = await Promise.all([probeMedia(created), probeMedia(readFileSync(created))]);
    expect(fromPath.recorded).toEqual({ kind: 'instant', epochMs: Date.parse(RECORDED) });
    expect(fromBytes.recorded).toEqual(fromPath.recorded);
    expect(fromPath.durationSeconds).toBeCloseTo(1, 1);
  });

  it('states no time for a recording without one, and answers empty for what is not media', async () => {
    const wav = await probeMedia(plain);
    expect(wav.recorded).toBeUndefined();
    expect(wav.durationSeconds).toBeCloseTo(1, 2);
    expect(await probeMedia(Buffer.from('<html>not media</html>'))).toEqual({});
    expect(await probeMedia(join(dir, 'missing.wav'))).toEqual({});
    expect(await probeMedia(plain, { ffprobePath: join(dir, 'no-ffprobe') })).toEqual({});
  });
});

describe('recordedTimeOf', () => {
  it('takes an instant from the tags that state one, format tags before stream tags', () => {
    expect(
      recordedTimeOf({
        format: { tags: { 'com.apple.quicktime.creationdate': '2026-12-06T10:15:00+0100' } },
        streams: [{ tags: { creation_time: '2020-01-01T00:00:00Z' } }],
      }),
    ).toEqual({ kind: 'instant', epochMs: Date.parse(RECORDED) });
    expect(recordedTimeOf({ streams: [{}, { tags: { CREATION_TIME: '2026-12-06 09:15:00Z' } }] })).toEqual({
      kind: 'instant',
      epochMs: Date.parse(RECORDED),
    });
  });

  it("passes over a muxer's zero time, a time without a zone, and nonsense", () => {
    expect(
      recordedTimeOf({ format: { tags: { creation_time: '1970-01-01T00:00:00.000000Z' } } }),
    ).toBeUndefined();
    expect(recordedTimeOf({ format: { tags: { creation_time: '1904-01-01T00:00:00Z' } } })).toBeUndefined();
    expect(recordedTimeOf({ format: { tags: { date: '2026' } } })).toBeUndefined();
    expect(recordedTimeOf({ format: { tags: { creation_time: 'yesterday' } } })).toBeUndefined();
    expect(recordedTimeOf({})).toBeUndefined();
  });

  it("reads Broadcast WAV's origination date and time as a local time, and refuses impossible ones", () => {
    expect(
      recordedTimeOf({ format: { tags: { origination_date: '2026-12-06', origination_time: '10:15:00' } } }),
    ).toEqual({ kind: 'local', year: 2026, month: 12, day: 6, hour: 10, minute: 15, second: 0 });
    expect(recordedTimeOf({ format: { tags: { date: '2026:12:06', creation_time: '10-15-00' } } })).toEqual({
      kind: 'local',
      year: 2026,
      month: 12,
      day: 6,
      hour: 10,
      minute: 15,
      second: 0,
    });
    expect(
      recordedTimeOf({ format: { tags: { origination_date: '2026-13-06', origination_time: '10:15:00' } } }),
    ).toBeUndefined();
    expect(
      recordedTimeOf({ format: { tags: { origination_date: '2026-12-06', origination_time: '25:00:00' } } }),
    ).toBeUndefined();
  });

  it('gives back any instant since 1971 written with a zone, whatever the zone (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: -14 * 4, max: 14 * 4 }),
        (ms, quarters) => {
          const seconds = Math.floor(ms / 1000) * 1000;
          const offset = quarters * 15;
          const local = new Date(seconds + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const parsed = recordedTimeOf({ format: { tags: { creation_time: `${local}${zone}` } } });
          expect(parsed).toEqual({ kind: 'instant', epochMs: seconds });
        },
      ),
    );
  });

  it('never throws on arbitrary tags, and anything it returns is a time (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...TAG_KEYS), fc.string({ maxLength: 40 })), (tags) => {
        const parsed = recordedTimeOf({ format: { tags } });
        if (parsed?.kind === 'instant') expect(Number.isFinite(parsed.epochMs)).toBe(true);
        if (parsed?.kind === 'local') expect(parsed.month >= 1 && parsed.month <= 12).toBe(true);
      }),
    );
  });
});

const TAG_KEYS = [
  'creation_time',
  'date',
  'date_utc',
  'creation_date',
  'origination_date',
  'origination_time',
  'com.apple.quicktime.creationdate',
  'title',
];
