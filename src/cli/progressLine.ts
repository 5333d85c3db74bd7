/** Where one input of `parley transcribe` stands, as the progress display knows it. */
export interface FileProgress {
  label: string;
  phase: 'waiting' | 'uploading' | 'queued' | 'processing' | 'fetching' | 'done' | 'failed';
  /** The job's stage while processing, as the server names it (`recognizing`, ...). */
  stage?: string | undefined;
  /** Share of the job done, 0-100, while processing (Parley servers report it). */
  percent?: number | undefined;
  audioSeconds?: number;
  recognizedSeconds?: number;
  /** When work on it began, ms. */
  startedAt?: number;
  /** When the server began processing it, ms: time left is estimated from here. */
  processingSince?: number;
}

/** How a line is drawn: colours, and the width it must fit. */
export interface LineStyle {
  color: boolean;
  /** Columns available; the line is cut to fit. */
  width: number;
  /** Columns the file name is padded or cut to, so columns line up. */
  labelWidth: number;
}

/** What a person reads for each stage the server may report (unknown ones by their name). */
const STAGE_WORDS: Readonly<Record<string, string>> = {
  decoding: 'decoding',
  recognizing: 'recognising',
  separating_speakers: 'separating speakers',
  analyzing: 'analysing',
};

const PHASE_WORDS: Readonly<Record<FileProgress['phase'], string>> = {
  waiting: 'waiting',
  uploading: 'uploading',
  queued: 'queued',
  processing: 'processing',
  fetching: 'fetching results',
  done: 'done',
  failed: 'failed',
};

const BAR_WIDTH = 20;
const ACTIVITY_WIDTH = 'separating speakers'.length;
/** Below this share done, or this soon after the start, an estimate of time left is noise. */
const ESTIMATE_FROM_PERCENT = 2;
const ESTIMATE_FROM_MS = 3_000;

/** `m:ss`, or `h:mm:ss` from an hour on: a length of time. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** What the file is doing, in words: its stage while the server processes it, else its phase. */
export function activity(file: FileProgress): string {
  if (file.phase === 'processing' && file.stage !== undefined) {
    return STAGE_WORDS[file.stage] ?? file.stage.replaceAll('_', ' ');
  }
  return PHASE_WORDS[file.phase];
}

/** Seconds left, from the pace since processing began; undefined while that is too little to go on. */
export function secondsLeft(file: FileProgress, now: number): number | undefined {
  const { percent, processingSince } = file;
  if (file.phase !== 'processing' || percent === undefined || processingSince === undefined) return undefined;
  const spent = now - processingSince;
  if (percent < ESTIMATE_FROM_PERCENT || spent < ESTIMATE_FROM_MS || percent >= 100) return undefined;
  return ((spent / percent) * (100 - percent)) / 1000;
}

function fitted(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

interface Segment {
  text: string;
  /** ANSI SGR code when coloured. */
  sgr?: string;
  /** Dropped first (higher first) when the line does not fit. */
  drop?: number;
}

/**
 * One file as a terminal line: name, what it is doing, a bar and percent, time spent, an estimate
 * of time left, and how much of the audio is recognised. When the terminal is narrow the least
 * useful parts go first (audio, bar, estimate), then the name is cut; colour codes never count
 * toward the width, so a line never wraps (a wrapped line breaks redrawing in place).
 */
export function progressLine(file: FileProgress, now: number, style: LineStyle): string {
  const segments: Segment[] = [{ text: fitted(file.label, style.labelWidth) }];
  const failed = file.phase === 'failed';
  segments.push({
    text: fitted(activity(file), ACTIVITY_WIDTH),
    sgr: failed ? '31' : file.phase === 'done' ? '32' : '36',
  });
  if (file.percent !== undefined && file.phase === 'processing') {
    const filled = Math.round((file.percent / 100) * BAR_WIDTH);
    segments.push({ text: `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`, sgr: '32', drop: 2 });
    segments.push({ text: `${Math.floor(file.percent)}%`.padStart(4) });
  }
  if (file.startedAt !== undefined)
    segments.push({ text: duration((now - file.startedAt) / 1000), sgr: '2' });
  const left = secondsLeft(file, now);
  if (left !== undefined) segments.push({ text: `~${duration(left)} left`, drop: 1 });
  if (
    file.stage === 'recognizing' &&
    file.audioSeconds !== undefined &&
    file.recognizedSeconds !== undefined
  ) {
    segments.push({
      text: `${duration(file.recognizedSeconds)} of ${duration(file.audioSeconds)} audio`,
      sgr: '2',
      drop: 3,
    });
  }
  const visible = () => segments.reduce((n, s) => n + s.text.length, 0) + segments.length - 1;
  for (const level of [3, 2, 1]) {
    if (visible() <= style.width) break;
    for (let i = segments.length - 1; i >= 0; i--) if (segments[i]!.drop === level) segments.splice(i, 1);
  }
  const over = visible() - style.width;
  if (over > 0) segments[0]!.text = fitted(file.label, Math.max(1, segments[0]!.text.length - over));
  // Narrower still than a name's first letter and the stage: plain text, cut.
  if (visible() > style.width)
    return segments
      .map((s) => s.text)
      .join(' ')
      .slice(0, style.width)
      .trimEnd();
  const line = segments.map((s) => (style.color && s.sgr ? `\x1b[${s.sgr}m${s.text}\x1b[0m` : s.text));
  return line.join(' ').trimEnd();
}

/**
 * One file as a plain log line (no terminal, or `NO_COLOR` logs): `name: recognising 40%
 * (1:02 elapsed, ~1:31 left, 5:51 of 14:37 audio)`.
 */
export function plainProgressLine(file: FileProgress, now: number): string {
  const details: string[] = [];
  if (file.startedAt !== undefined) details.push(`${duration((now - file.startedAt) / 1000)} elapsed`);
  const left = secondsLeft(file, now);
  if (left !== undefined) details.push(`~${duration(left)} left`);
  if (
    file.stage === 'recognizing' &&
    file.audioSeconds !== undefined &&
    file.recognizedSeconds !== undefined
  ) {
    details.push(`${duration(file.recognizedSeconds)} of ${duration(file.audioSeconds)} audio`);
  }
  const percent =
    file.phase === 'processing' && file.percent !== undefined ? ` ${Math.floor(file.percent)}%` : '';
  return `${file.label}: ${activity(file)}${percent}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
}
