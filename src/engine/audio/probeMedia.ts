import { execFile } from 'node:child_process';

/** What a media container says about itself, as far as ffprobe can tell without decoding. */
export interface MediaProbe {
  /**
   * Length in seconds as the container states it; undefined where ffprobe only estimates it from
   * the bitrate (raw streams such as ADTS, off by a sixth in tests) or cannot tell.
   */
  durationSeconds?: number;
  /** When the recording was made, as the container states it (see {@link recordedAt}). */
  recorded?: RecordedTime;
}

/**
 * A recording time read from container tags: an instant (QuickTime/MP4 `creation_time`,
 * Matroska `DATE_UTC`, Apple's `creationdate`, a `date` tag with a zone) or a local wall time with
 * no zone (Broadcast WAV's origination date and time), which the conversation's time zone places.
 */
export type RecordedTime =
  | { kind: 'instant'; epochMs: number }
  | { kind: 'local'; year: number; month: number; day: number; hour: number; minute: number; second: number };

interface FfprobeJson {
  format?: { duration?: string; tags?: Record<string, string> };
  streams?: Array<{ tags?: Record<string, string> }>;
}

/** Container tags that name the instant a recording began (ffprobe lower-cases most keys). */
const INSTANT_TAGS = [
  'creation_time',
  'com.apple.quicktime.creationdate',
  'date_utc',
  'date',
  'creation_date',
];
/** A date and time with a zone designator: `2026-12-06T09:15:00.000000Z`, `…+0100`, `2026-12-06 09:15:00Z`. */
const zonedTime = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?\s*(Z|[+-]\d\d:?\d\d)$/i;
const bwfDate = /^(\d{4})[-:/.](\d\d)[-:/.](\d\d)$/;
const bwfTime = /^(\d\d)[-:/.](\d\d)[-:/.](\d\d)$/;
/** Muxers that write zero write one of these epochs; neither is a recording time. */
const NO_TIME_BEFORE = Date.UTC(1971, 0, 1);

function lowerKeys(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).map(([k, v]) => [k.toLowerCase(), String(v).trim()]));
}

function instantOf(text: string): number | undefined {
  const m = zonedTime.exec(text);
  if (!m) return undefined;
  const zone = m[7]!.toUpperCase();
  const ms = Date.parse(
    `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`}`,
  );
  return Number.isFinite(ms) && ms >= NO_TIME_BEFORE ? ms : undefined;
}

/** The recording time stated by the container's tags (format first, then each stream's). */
export function recordedTimeOf(json: FfprobeJson): RecordedTime | undefined {
  const tagSets = [lowerKeys(json.format?.tags), ...(json.streams ?? []).map((s) => lowerKeys(s.tags))];
  for (const tags of tagSets) {
    for (const key of INSTANT_TAGS) {
      const value = tags[key];
      const ms = value === undefined ? undefined : instantOf(value);
      if (ms !== undefined) return { kind: 'instant', epochMs: ms };
    }
  }
  const format = tagSets[0]!;
  // ffprobe reports Broadcast WAV's origination date and time as `date` and `creation_time`.
  const date = bwfDate.exec(format.origination_date ?? format.date ?? '');
  const time = bwfTime.exec(format.origination_time ?? format.creation_time ?? '');
  if (date && time) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const [hour, minute, second] = [Number(time[1]), Number(time[2]), Number(time[3])];
    if (
      year >= 1971 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 31 &&
      hour < 24 &&
      minute < 60 &&
      second < 61
    )
      return { kind: 'local', year, month, day, hour, minute, second };
  }
  return undefined;
}

/**
 * Reads a media file's or buffer's container header with ffprobe: its stated duration and the
 * time the recording was made. Never throws: when ffprobe is missing, fails or the bytes are no
 * media, the answer is empty (the caller decodes and reports the real problem).
 */
export function probeMedia(
  input: string | Uint8Array,
  options: { ffprobePath?: string; timeoutMs?: number } = {},
): Promise<MediaProbe> {
  return new Promise((resolve) => {
    const source = typeof input === 'string' ? `file:${input}` : 'pipe:0';
    const child = execFile(
      options.ffprobePath ?? 'ffprobe',
      ['-v', 'warning', '-show_entries', 'format=duration:format_tags:stream_tags', '-of', 'json', source],
      { timeout: options.timeoutMs ?? 30_000, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null) {
          resolve({});
          return;
        }
        let json: FfprobeJson;
        try {
          json = JSON.parse(stdout) as FfprobeJson;
        } catch {
          resolve({});
          return;
        }
        const seconds = Number.parseFloat(json.format?.duration ?? '');
        const guessed = /estimating duration/i.test(stderr);
        const recorded = recordedTimeOf(json);
        resolve({
          ...(!guessed && Number.isFinite(seconds) && seconds >= 0 ? { durationSeconds: seconds } : {}),
          ...(recorded === undefined ? {} : { recorded }),
        });
      },
    );
    if (typeof input !== 'string' && child.stdin) {
      // ffprobe stops reading once it has the header; the rest of the buffer is not wanted.
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
  });
}
