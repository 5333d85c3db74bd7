import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallScoreInput } from '../../../src/engine/callScore/CallScoreInput.ts';
import { computeCallScore } from '../../../src/engine/callScore/computeCallScore.ts';
import type { AnalyticsResponse } from '../../../src/model/analytics.ts';
import type { ActionItem, Question } from '../../../src/model/insights.ts';
import type { ConversationMessage } from '../../../src/model/messages.ts';

const T0 = Date.UTC(2026, 2, 2, 15, 0, 0);
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/** A message by `who` from `start` to `end` seconds, with a sentiment score. */
function message(id: string, who: string, start: number, end: number, score = 0): ConversationMessage {
  return {
    id,
    text: `message ${id}`,
    from: { id: who, name: who },
    startTime: iso(start),
    endTime: iso(end),
    timeOffset: start,
    duration: end - start,
    conversationId: 'c',
    phrases: [],
    sentiment: { polarity: { score }, suggested: 'neutral' },
  };
}

function analytics(members: Array<{ name: string; seconds: number; wpm: number }>): AnalyticsResponse {
  const total = members.reduce((sum, m) => sum + m.seconds, 0);
  return {
    metrics: [],
    members: members.map((m) => ({
      id: m.name,
      name: m.name,
      pace: { wpm: m.wpm },
      talkTime: { seconds: m.seconds, percentage: total === 0 ? 0 : (m.seconds / total) * 100 },
      listenTime: {
        seconds: total - m.seconds,
        percentage: total === 0 ? 0 : 100 - (m.seconds / total) * 100,
      },
    })),
  };
}

const question = (id: string, messageId: string, who: string): Question => ({
  id,
  text: 'q?',
  type: 'question',
  score: 0.9,
  messageIds: [messageId],
  from: { name: who },
});

const action = (id: string, messageId: string, assignee?: string, dueBy?: string): ActionItem => ({
  id,
  text: 'do it',
  type: 'action_item',
  score: 0.9,
  messageIds: [messageId],
  from: {},
  assignee: assignee === undefined ? {} : { name: assignee },
  definitive: true,
  entities: [],
  phrases: [],
  ...(dueBy === undefined ? {} : { dueBy }),
});

const criterion = (input: CallScoreInput, name: string) =>
  computeCallScore(input).criteria.find((c) => c.name === name)!;

/** A balanced, polite two-person call: alternating turns with gaps, at 150 wpm. */
function goodCall(): CallScoreInput {
  const messages = Array.from({ length: 12 }, (_, i) =>
    message(`m${i}`, i % 2 === 0 ? 'Ann' : 'Bob', i * 10, i * 10 + 8, i < 6 ? 0.1 : 0.5),
  );
  return {
    messages,
    questions: [question('q1', 'm0', 'Ann'), question('q2', 'm3', 'Bob')],
    actionItems: [action('a1', 'm10', 'Ann', iso(86_400))],
    followUps: [],
    analytics: analytics([
      { name: 'Ann', seconds: 48, wpm: 150 },
      { name: 'Bob', seconds: 48, wpm: 150 },
    ]),
  };
}

describe('computeCallScore', () => {
  it('scores a balanced call with answered questions and owned, dated next steps highly', () => {
    const score = computeCallScore(goodCall());
    expect(score.criteria.map((c) => [c.name, c.score])).toEqual([
      ['Question handling', 100],
      ['Next steps', 100],
      ['Talk balance', 100],
      ['Interruptions', 100],
      ['Pace', 100],
      ['Sentiment trend', 85],
    ]);
    expect(score.score).toBe(98);
    expect(score.summary).toMatch(
      /^A strong call \(98\/100\)\. Best: question handling \(100\)\. Weakest: sentiment trend \(85\)\.$/,
    );
  });

  it('explains each weakness in plain words', () => {
    const good = goodCall();
    // Bob never answers Ann's last question; Bob talks over Ann twice; nobody owns the action.
    const messages = [...good.messages, message('late', 'Ann', 200, 204)];
    messages[3] = message('m3', 'Bob', 27, 38);
    messages[5] = message('m5', 'Bob', 47, 58);
    const input: CallScoreInput = {
      ...good,
      messages,
      questions: [...good.questions, question('q3', 'late', 'Ann')],
      actionItems: [action('a1', 'm10')],
    };
    input.analytics = analytics([
      { name: 'Ann', seconds: 90, wpm: 240 },
      { name: 'Bob', seconds: 10, wpm: 150 },
    ]);
    expect(criterion(input, 'Question handling')).toMatchObject({
      score: 67,
      summary: expect.stringMatching(/^2 of 3 questions/),
    });
    expect(criterion(input, 'Next steps')).toMatchObject({
      score: 40,
      feedback: { negative: { summary: '1 without an owner and 1 without a date.' } },
    });
    expect(criterion(input, 'Talk balance')).toMatchObject({
      score: 20,
      summary: 'Talk time: Ann 90%, Bob 10% (an even share would be 50% each).',
    });
    expect(criterion(input, 'Interruptions').summary).toMatch(
      /^2 times someone started before the other had finished/,
    );
    expect(criterion(input, 'Pace').feedback.negative.summary).toBe('Ann spoke fast.');
  });

  it('treats a monologue, a silent call and a call with no steps as what they are', () => {
    const monologue = goodCall();
    monologue.analytics = analytics([{ name: 'Ann', seconds: 96, wpm: 150 }]);
    expect(criterion(monologue, 'Talk balance')).toMatchObject({
      score: 0,
      summary: 'Only Ann was heard: a monologue.',
    });
    const silent = computeCallScore({
      messages: [],
      questions: [],
      actionItems: [],
      followUps: [],
      analytics: analytics([]),
    });
    expect(silent.score).toBe(0);
    expect(silent.summary).toBe('Nothing was said, so there is nothing to score.');
    const noSteps = goodCall();
    noSteps.actionItems = [];
    expect(criterion(noSteps, 'Next steps').score).toBe(0);
  });

  it('always gives integer scores from 0 to 100, the overall one the mean of the criteria', () => {
    const arbitraryCall = fc
      .array(
        fc.record({
          who: fc.constantFrom('Ann', 'Bob', 'Cy'),
          gap: fc.float({ min: -3, max: 40, noNaN: true }),
          length: fc.float({ min: 0, max: 30, noNaN: true }),
          score: fc.float({ min: -1, max: 1, noNaN: true }),
        }),
        { maxLength: 30 },
      )
      .map((turns) => {
        let at = 0;
        const messages = turns.map((turn, i) => {
          at = Math.max(0, at + turn.gap);
          return message(`m${i}`, turn.who, at, at + turn.length, turn.score);
        });
        return {
          messages,
          questions: messages
            .filter((_, i) => i % 3 === 0)
            .map((m, i) => question(`q${i}`, m.id, m.from.name!)),
          actionItems: messages
            .filter((_, i) => i % 4 === 1)
            .map((m, i) => action(`a${i}`, m.id, i % 2 ? 'Ann' : undefined)),
          followUps: [],
          analytics: analytics(
            ['Ann', 'Bob', 'Cy'].map((name) => ({
              name,
              seconds: messages.filter((m) => m.from.name === name).length * 5,
              wpm: 50 + messages.length * 7,
            })),
          ),
        } satisfies CallScoreInput;
      });
    fc.assert(
      fc.property(arbitraryCall, (input) => {
        const result = computeCallScore(input);
        expect(result.criteria).toHaveLength(6);
        for (const c of [result, ...result.criteria]) {
          expect(Number.isInteger(c.score)).toBe(true);
          expect(c.score).toBeGreaterThanOrEqual(0);
          expect(c.score).toBeLessThanOrEqual(100);
        }
        if (input.messages.length > 0) {
          const mean = result.criteria.reduce((sum, c) => sum + c.score, 0) / 6;
          expect(result.score).toBe(Math.round(mean));
        }
        expect(computeCallScore(input)).toEqual(result);
      }),
    );
  });
});
