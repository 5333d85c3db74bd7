import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConversationMessage } from '../../../src/model/messages.ts';
import { formattedTranscriptText } from '../../../src/model/transcript.ts';
import { formatTranscript, srtTime, vttTime } from '../../../src/server/routes/formatTranscript.ts';
import { parseSrt, parseVtt, vttPlainText } from '../../support/subtitleCues.ts';

const START = Date.parse('2026-03-02T15:00:00Z');

function message(id: number, name: string | undefined, text: string, start: number, end: number) {
  return {
    id: String(id),
    text,
    from: name === undefined ? {} : { name },
    startTime: new Date(START + start * 1000).toISOString(),
    endTime: new Date(START + end * 1000).toISOString(),
    conversationId: 'c1',
    phrases: [],
  } as ConversationMessage;
}

/** Text rich in what subtitle formats care about: markup characters, arrows, line breaks. */
const awkward = (maxLength: number) =>
  fc.string({
    unit: fc.oneof(fc.constantFrom('<', '>', '&', '-', '\n', ' ', '\t', 'é'), fc.string({ maxLength: 1 })),
    minLength: 1,
    maxLength,
  });

/** Messages in any order, with any text (markup characters, blank lines), and any times in an hour. */
const messages = fc
  .array(
    fc.record({
      name: fc.option(awkward(12), { nil: undefined }),
      text: awkward(60).filter((t) => t.trim() !== ''),
      start: fc.integer({ min: 0, max: 3_600_000 }),
      length: fc.integer({ min: 0, max: 20_000 }),
    }),
    { maxLength: 12 },
  )
  .map((list) =>
    list.map((m, i) => message(i + 1, m.name, m.text, m.start / 1000, (m.start + m.length) / 1000)),
  );

const render = (list: ConversationMessage[], contentType: 'text/srt' | 'text/vtt') =>
  formattedTranscriptText(formatTranscript(list, [], { contentType, showSpeakerSeparation: true }, START));

describe('formatTranscript subtitles', () => {
  it('renders WebVTT: header, a cue per message with voice spans, times from the conversation start', () => {
    const vtt = render(
      [message(1, 'Ben', 'Is <b> & "this" right?', 1.25, 3.5), message(2, 'Ana', 'Yes.', 4, 5)],
      'text/vtt',
    );
    expect(vtt).toBe(
      'WEBVTT\n\n1\n00:00:01.250 --> 00:00:03.500\n<v Ben>Is &lt;b&gt; &amp; "this" right?\n\n' +
        '2\n00:00:04.000 --> 00:00:05.000\n<v Ana>Yes.',
    );
  });

  it('writes SRT and VTT that parse strictly, cues in order of start, each ending after it starts', () => {
    fc.assert(
      fc.property(messages, (list) => {
        const srt = parseSrt(render(list, 'text/srt'));
        const vtt = parseVtt(render(list, 'text/vtt'));
        expect(srt).toHaveLength(list.length);
        expect(vtt).toHaveLength(list.length);
        for (const cues of [srt, vtt]) {
          cues.forEach((cue, i) => {
            expect(cue.end).toBeGreaterThan(cue.start);
            if (i > 0) expect(cue.start).toBeGreaterThanOrEqual(cues[i - 1]!.start);
          });
        }
        // Same cues in both, and VTT's words are the message's words once unescaped.
        expect(vtt.map((c) => [c.start, c.end])).toEqual(srt.map((c) => [c.start, c.end]));
        const byStart = [...list].sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
        vtt.forEach((cue, i) => {
          const plain = vttPlainText(cue.text);
          const name = byStart[i]!.from.name?.replace(/\s+/g, ' ').trim();
          expect(plain.voice).toBe(name || 'Unknown Speaker');
          expect(plain.text.replace(/\s+/g, ' ')).toBe(byStart[i]!.text.trim().replace(/\s+/g, ' '));
        });
      }),
    );
  });

  it('formats clock times the same way in both, past an hour', () => {
    expect(srtTime(3725.5)).toBe('01:02:05,500');
    expect(vttTime(3725.5)).toBe('01:02:05.500');
    expect(vttTime(0)).toBe('00:00:00.000');
  });
});
