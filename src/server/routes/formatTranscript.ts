import type { ConversationMessage } from '../../model/messages.ts';
import type { FormattedTranscript, FormattedTranscriptRequest } from '../../model/transcript.ts';

/** A new paragraph starts after a silence this long, even when the speaker stays the same. */
const PARAGRAPH_PAUSE_SECONDS = 3;
/** A paragraph holds at most this many sentences. */
const PARAGRAPH_SENTENCES = 6;

/** What a highlight needs of an insight: the messages it came from and its key phrases. */
export interface HighlightSource {
  messageIds?: readonly string[];
  phrases?: ReadonlyArray<{ text: string }>;
}

/**
 * Renders a conversation's messages as the formatted transcript of `POST …/transcript`.
 *
 * Markdown: one sentence per message, each followed by `<br/><br/>`; `showSpeakerSeparation`
 * prefixes `<name>: ` (a speaker without a name is "Unknown Speaker"). `createParagraphs` joins
 * consecutive sentences of one speaker into a paragraph (a new one after a 3 s pause or 6
 * sentences; undocumented rule), the prefix once per paragraph. Highlighting wraps phrases in
 * `<mark>…</mark>`: `highlightOnlyInsightKeyPhrases` the key phrases of action items and
 * follow-ups inside their own messages, `highlightAllKeyPhrases` those and every message phrase
 * found with `detectPhrases`.
 *
 * SRT: one cue per message, numbered from 1, `HH:MM:SS,mmm` times from the conversation start,
 * with the speaker prefix when asked; in the documentation's shape, `payload: {content, contentType}`.
 *
 * VTT (WebVTT): the same cues after a `WEBVTT` header, `HH:MM:SS.mmm` times, the speaker as a
 * voice span (`<v Ana>`) when asked, and `&`, `<`, `>` escaped as the format requires; in the
 * SRT shape. A blank line ends a cue, so blank lines inside a message are dropped in both. Cues of both come in order of start time, and each ends after it starts (players
 * drop or reorder cues that do not).
 */
export function formatTranscript(
  messages: readonly ConversationMessage[],
  insights: readonly HighlightSource[],
  request: FormattedTranscriptRequest,
  conversationStartMs: number,
): FormattedTranscript {
  const speakerPrefix = (m: ConversationMessage) =>
    request.showSpeakerSeparation === true ? `${m.from.name ?? 'Unknown Speaker'}: ` : '';
  if (request.contentType === 'text/srt') {
    const cues = timedCues(messages, conversationStartMs).map(
      ({ message, start, end }, i) =>
        `${i + 1}\n${srtTime(start)} --> ${srtTime(end)}\n${cueText(`${speakerPrefix(message)}${message.text}`)}`,
    );
    return { payload: { content: cues.join('\n\n'), contentType: 'text/srt' } };
  }
  if (request.contentType === 'text/vtt') {
    // A voice span's name ends at the line's end, so it is kept to one line.
    const voice = (m: ConversationMessage) =>
      request.showSpeakerSeparation === true
        ? `<v ${vttEscape(m.from.name?.replace(/\s+/g, ' ').trim() || 'Unknown Speaker')}>`
        : '';
    const cues = timedCues(messages, conversationStartMs).map(
      ({ message, start, end }, i) =>
        `${i + 1}\n${vttTime(start)} --> ${vttTime(end)}\n${voice(message)}${vttEscape(cueText(message.text))}`,
    );
    return { payload: { content: ['WEBVTT', ...cues].join('\n\n'), contentType: 'text/vtt' } };
  }
  const marks = highlights(messages, insights, request);
  const text = (m: ConversationMessage) => mark(m.text, marks.get(String(m.id)) ?? []);
  if (request.createParagraphs !== true) {
    return {
      payload: messages.map((m) => `${speakerPrefix(m)}${text(m)}<br/><br/>`).join(''),
      contentType: 'text/markdown',
    };
  }
  const paragraphs: ConversationMessage[][] = [];
  let previous: ConversationMessage | undefined;
  for (const m of messages) {
    const current = paragraphs.at(-1);
    const sameSpeaker = previous !== undefined && speakerKey(previous) === speakerKey(m);
    const pause =
      previous === undefined ? 0 : (Date.parse(m.startTime) - Date.parse(previous.endTime)) / 1000;
    if (
      current === undefined ||
      !sameSpeaker ||
      pause > PARAGRAPH_PAUSE_SECONDS ||
      current.length >= PARAGRAPH_SENTENCES
    ) {
      paragraphs.push([m]);
    } else {
      current.push(m);
    }
    previous = m;
  }
  return {
    payload: paragraphs.map((p) => `${speakerPrefix(p[0]!)}${p.map(text).join(' ')}<br/><br/>`).join(''),
    contentType: 'text/markdown',
  };
}

function highlights(
  messages: readonly ConversationMessage[],
  insights: readonly HighlightSource[],
  request: FormattedTranscriptRequest,
): Map<string, string[]> {
  const marks = new Map<string, string[]>();
  const add = (id: string, phrase: string) => {
    if (phrase.trim() === '') return;
    const list = marks.get(id) ?? [];
    if (!list.includes(phrase)) list.push(phrase);
    marks.set(id, list);
  };
  const all = request.phrases?.highlightAllKeyPhrases === true;
  if (all || request.phrases?.highlightOnlyInsightKeyPhrases === true) {
    for (const insight of insights) {
      for (const id of insight.messageIds ?? []) {
        for (const phrase of insight.phrases ?? []) add(String(id), phrase.text);
      }
    }
  }
  if (all) for (const m of messages) for (const phrase of m.phrases) add(String(m.id), phrase.text);
  return marks;
}

/** Wraps the first case-insensitive occurrence of each phrase; overlapping phrases are skipped. */
function mark(text: string, phrases: readonly string[]): string {
  const lower = text.toLowerCase();
  const spans: Array<[number, number]> = [];
  for (const phrase of [...phrases].sort((a, b) => b.length - a.length)) {
    const at = lower.indexOf(phrase.toLowerCase());
    if (at === -1) continue;
    const end = at + phrase.length;
    if (spans.some(([s, e]) => at < e && s < end)) continue;
    spans.push([at, end]);
  }
  spans.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [start, end] of spans) {
    out = `${out.slice(0, start)}<mark>${out.slice(start, end)}</mark>${out.slice(end)}`;
  }
  return out;
}

function speakerKey(m: ConversationMessage): string {
  return m.from.id ?? m.from.email ?? m.from.name ?? '';
}

/** Messages as subtitle cues: seconds from the conversation start, in order of start, each ending after it starts. */
function timedCues(
  messages: readonly ConversationMessage[],
  conversationStartMs: number,
): Array<{ message: ConversationMessage; start: number; end: number }> {
  return messages
    .map((message) => {
      const start = seconds(message.startTime, conversationStartMs);
      const end = Math.max(start + 0.001, seconds(message.endTime, conversationStartMs));
      return { message, start, end };
    })
    .sort((a, b) => a.start - b.start);
}

function seconds(iso: string, startMs: number): number {
  return Math.max(0, (Date.parse(iso) - startMs) / 1000);
}

/** `HH:MM:SS,mmm`, zero-padded (the documentation's sample is not; the SRT format is). */
export function srtTime(totalSeconds: number): string {
  return clockTime(totalSeconds, ',');
}

/** `HH:MM:SS.mmm`, WebVTT's timestamp. */
export function vttTime(totalSeconds: number): string {
  return clockTime(totalSeconds, '.');
}

function clockTime(totalSeconds: number, decimalMark: string): string {
  const ms = Math.round(totalSeconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${decimalMark}${pad(ms % 1000, 3)}`;
}

/** A blank line ends a cue in both formats, so text keeps single line breaks only. */
function cueText(text: string): string {
  return text.replace(/\n\s*\n/g, '\n').trim();
}

/** Cue text and voice names may not hold a raw `&`, `<` or `>` in WebVTT. */
function vttEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
