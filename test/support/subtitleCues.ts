/** One subtitle cue: times in seconds, text as written (voice spans and escapes kept). */
export interface SubtitleCue {
  id: string;
  start: number;
  end: number;
  text: string;
}

const SRT_TIMING = /^(\d{2}):(\d{2}):(\d{2}),(\d{3}) --> (\d{2}):(\d{2}):(\d{2}),(\d{3})$/;
const VTT_TIMING = /^(\d{2,}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2,}):(\d{2}):(\d{2})\.(\d{3})$/;

function seconds(parts: string[]): number {
  const [h, m, s, ms] = parts.map(Number) as [number, number, number, number];
  if (m > 59 || s > 59) throw new Error(`minutes and seconds must be below 60: ${parts.join(':')}`);
  return h * 3600 + m * 60 + s + ms / 1000;
}

function cues(blocks: string[], timing: RegExp, format: string): SubtitleCue[] {
  return blocks.map((block, i) => {
    const [id, times, ...text] = block.split('\n');
    const match = timing.exec(times ?? '');
    if (id === undefined || id === '' || match === null) {
      throw new Error(`${format} cue ${i + 1} is malformed: ${JSON.stringify(block)}`);
    }
    if (text.length === 0 || text.some((line) => line.trim() === '')) {
      throw new Error(`${format} cue ${i + 1} has no text or a blank line: ${JSON.stringify(block)}`);
    }
    return {
      id,
      start: seconds(match.slice(1, 5)),
      end: seconds(match.slice(5, 9)),
      text: text.join('\n'),
    };
  });
}

/** Parses SubRip strictly (numbered cues, `HH:MM:SS,mmm` times); throws naming the bad cue. */
export function parseSrt(content: string): SubtitleCue[] {
  if (content.trim() === '') return [];
  const parsed = cues(content.trimEnd().split('\n\n'), SRT_TIMING, 'SRT');
  parsed.forEach((cue, i) => {
    if (cue.id !== String(i + 1)) throw new Error(`SRT cue ${i + 1} is numbered ${cue.id}`);
  });
  return parsed;
}

/**
 * Parses WebVTT strictly: the `WEBVTT` header, then cues with `HH:MM:SS.mmm` times and no raw
 * `&`, `<` or `>` in their text besides voice spans (`<v Name>`); throws naming the bad cue.
 */
export function parseVtt(content: string): SubtitleCue[] {
  const [header, ...blocks] = content.trimEnd().split('\n\n');
  if (header !== 'WEBVTT') throw new Error(`WebVTT must start with "WEBVTT", got ${JSON.stringify(header)}`);
  const parsed = cues(blocks, VTT_TIMING, 'VTT');
  for (const cue of parsed) {
    const bare = cue.text.replace(/^<v [^<>\n]+>/, '').replace(/&(amp|lt|gt);/g, '');
    if (/[<>&]/.test(bare)) throw new Error(`VTT cue ${cue.id} holds an unescaped character: ${cue.text}`);
  }
  return parsed;
}

/** Undoes WebVTT's escapes and voice span: the words of a cue. */
export function vttPlainText(text: string): { voice?: string; text: string } {
  const voice = /^<v ([^>]+)>/.exec(text)?.[1];
  const unescaped = (s: string) => s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  const body = unescaped(text.replace(/^<v [^>]+>/, ''));
  return voice === undefined ? { text: body } : { voice: unescaped(voice), text: body };
}
