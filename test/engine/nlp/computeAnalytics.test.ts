import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  listConversationScripts,
  loadConversationScript,
} from '../../../scripts/fixtures/loadConversationScript.ts';
import { computeAnalytics } from '../../../src/engine/nlp/computeAnalytics.ts';
import type { EngineMember } from '../../../src/engine/nlp/EngineMember.ts';
import type { EngineMessage } from '../../../src/engine/nlp/EngineMessage.ts';
import { defaultPauseMs, scriptMessages, secondsPerWord } from './scriptMessages.ts';

function message(speaker: string, start: number, end: number, words = 10): EngineMessage {
  return {
    id: `${speaker}${start}`,
    index: 0,
    text: Array.from({ length: words }, () => 'word').join(' '),
    speaker: { id: speaker },
    start,
    end,
    words: [],
    sentiment: { score: 0, suggested: 'neutral' },
    utteranceId: 'u',
  };
}
const member = (key: string): EngineMember => ({ id: `id-${key}`, name: key.toUpperCase(), key });

describe('computeAnalytics', () => {
  it('reproduces the talk times of the fixture scripts on their synthetic timeline', () => {
    for (const name of listConversationScripts()) {
      const script = loadConversationScript(name);
      const messages = scriptMessages(script);
      const members = script.speakers.map((s) => ({ id: s.id, name: s.name, email: s.email, key: s.id }));
      const analytics = computeAnalytics(messages, members);
      const wordsOf = (speaker: string) =>
        script.lines.filter((l) => l.speaker === speaker).reduce((n, l) => n + l.text.split(/\s+/).length, 0);
      const totalWords = script.lines.reduce((n, l) => n + l.text.split(/\s+/).length, 0);
      const talk = analytics.metrics.find((m) => m.type === 'total_talk_time');
      const silence = analytics.metrics.find((m) => m.type === 'total_silence');
      const overlap = analytics.metrics.find((m) => m.type === 'total_overlap');
      // Negative pauses make the next line start early: that much is overlap, not silence.
      const overlapped = script.lines
        .slice(0, -1)
        .reduce((s, l) => s + Math.max(0, -(l.pauseAfterMs ?? 0)) / 1000, 0);
      const pauses = script.lines
        .slice(0, -1)
        .reduce((s, l) => s + Math.max(0, l.pauseAfterMs ?? defaultPauseMs) / 1000, 0);
      expect(overlap?.seconds).toBeCloseTo(overlapped, 2);
      expect(talk?.seconds).toBeCloseTo(totalWords * secondsPerWord - overlapped, 2);
      expect(silence?.seconds).toBeCloseTo(pauses, 2);
      expect((talk?.percent ?? 0) + (silence?.percent ?? 0)).toBeCloseTo(100, 2);
      for (const speaker of script.speakers) {
        const stats = analytics.members.find((m) => m.id === speaker.id);
        expect(stats?.talkTime.seconds).toBeCloseTo(wordsOf(speaker.id) * secondsPerWord, 2);
        expect(stats?.talkTime.percentage).toBeCloseTo((wordsOf(speaker.id) / totalWords) * 100, 2);
        expect(stats?.pace.wpm).toBe(Math.round(60 / secondsPerWord));
        expect(stats?.email).toBe(speaker.email);
      }
    }
  });

  it('measures overlap as the documented percentages define it', () => {
    // A talks 0-10, B 6-12, C 8-9; silence 12-16.
    const analytics = computeAnalytics(
      [message('a', 0, 10), message('b', 6, 12), message('c', 8, 9)],
      [member('a'), member('b'), member('c')],
      { duration: 16 },
    );
    expect(analytics.metrics).toEqual([
      { type: 'total_silence', percent: 25, seconds: 4 },
      { type: 'total_talk_time', percent: 75, seconds: 12 },
      { type: 'total_overlap', percent: 33.333, seconds: 4 },
    ]);
    const [a, b, c] = analytics.members;
    expect(a?.talkTime).toEqual({ percentage: 58.824, seconds: 10 });
    expect(a?.listenTime).toEqual({ percentage: 41.176, seconds: 7 });
    expect(a?.overlap.overlapDuration).toBe(4);
    expect(a?.overlap.overlappingMembers).toEqual([
      { id: 'id-b', name: 'B', percent: 100, seconds: 4 },
      { id: 'id-c', name: 'C', percent: 25, seconds: 1 },
    ]);
    expect(b?.overlap.overlappingMembers.map((o) => o.seconds)).toEqual([4, 1]);
    expect(c?.overlap.overlapDuration).toBe(1);
    expect(a?.pace.wpm).toBe(60);
  });

  it('keeps its invariants for any timings', () => {
    const interval = fc
      .tuple(
        fc.constantFrom('a', 'b', 'c'),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 60 }),
      )
      .map(([speaker, start, length]) => message(speaker, start / 10, (start + length) / 10));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 30 }), (messages) => {
        const analytics = computeAnalytics(messages, [member('a'), member('b'), member('c')]);
        const [silence, talk, overlap] = analytics.metrics;
        if ((talk?.seconds ?? 0) > 0)
          expect((silence?.percent ?? 0) + (talk?.percent ?? 0)).toBeCloseTo(100, 2);
        expect(overlap?.seconds ?? 0).toBeLessThanOrEqual((talk?.seconds ?? 0) + 1e-9);
        const speaking = analytics.members.filter((m) => m.talkTime.seconds > 0);
        if (speaking.length > 0) {
          expect(speaking.reduce((s, m) => s + m.talkTime.percentage, 0)).toBeCloseTo(100, 1);
        }
        for (const m of analytics.members) {
          if (m.talkTime.seconds > 0)
            expect(m.talkTime.percentage + m.listenTime.percentage).toBeCloseTo(100, 2);
          expect(m.overlap.overlapDuration).toBeLessThanOrEqual((overlap?.seconds ?? 0) + 1e-9);
          for (const other of m.overlap.overlappingMembers) {
            const back = analytics.members
              .find((x) => x.id === other.id)
              ?.overlap.overlappingMembers.find((x) => x.id === m.id);
            expect(back?.seconds).toBe(other.seconds);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('handles no messages and messages of unknown speakers', () => {
    expect(computeAnalytics([], [member('a')]).metrics.map((m) => m.seconds)).toEqual([0, 0, 0]);
    const analytics = computeAnalytics([message('zz', 0, 5)], [member('a')]);
    expect(analytics.metrics[1]).toEqual({ type: 'total_talk_time', percent: 100, seconds: 5 });
    expect(analytics.members[0]?.talkTime).toEqual({ percentage: 0, seconds: 0 });
  });
});
