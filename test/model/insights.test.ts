import { describe, expect, it } from 'vitest';
import {
  ActionItem,
  ActionItemsResponse,
  FollowUp,
  FollowUpsResponse,
  Insight,
  InsightsResponse,
  Question,
  QuestionsResponse,
} from '../../src/model/insights.ts';
import { parse } from '../../src/model/parse.ts';
import { checkMalformed, checkRoundTrip, expectInvalidAt } from './conversationSchemaProperties.ts';

const actionItem = {
  id: '4567077831573504',
  text: 'Ana will email the renewal quote to Ben tomorrow.',
  type: 'action_item',
  score: 0.95,
  messageIds: ['5661493169225728'],
};

describe('insights', () => {
  it('survive a JSON round trip', () => {
    for (const schema of [
      Question,
      ActionItem,
      FollowUp,
      Insight,
      QuestionsResponse,
      ActionItemsResponse,
      FollowUpsResponse,
      InsightsResponse,
    ]) {
      checkRoundTrip(schema, 'insights', 30);
    }
  });

  it('name the broken field of a malformed insight or response', () => {
    for (const schema of [
      Question,
      ActionItem,
      FollowUp,
      QuestionsResponse,
      ActionItemsResponse,
      FollowUpsResponse,
    ]) {
      checkMalformed(schema, 'insights', {}, 30);
    }
  });

  it('name the broken field inside the combined list (a union the generator cannot break)', () => {
    for (const option of [Question, ActionItem, FollowUp]) {
      checkMalformed(
        InsightsResponse,
        'insights',
        { sampleFrom: option, wrap: (value) => ({ insights: [value] }), prefix: ['insights', 0] },
        30,
      );
    }
  });

  it('missing from / assignee / entities / phrases read as {} and []', () => {
    expect(parse(ActionItem, actionItem, 'action item')).toEqual({
      ...actionItem,
      from: {},
      assignee: {},
      entities: [],
      phrases: [],
    });
  });

  it('the combined list tells items apart by type and rejects unknown types', () => {
    const question = { ...actionItem, type: 'question' };
    const parsed = parse(InsightsResponse, { insights: [actionItem, question] }, 'insights');
    expect(parsed.insights.map((insight) => insight.type)).toEqual(['action_item', 'question']);
    expect(parsed.insights[1]).not.toHaveProperty('assignee');
    expectInvalidAt(
      InsightsResponse,
      { insights: [{ ...actionItem, type: 'topic' }] },
      'insights',
      'insights[0].type',
    );
  });

  it('dueBy must be an ISO time and score 0–1 (follow-up score 1 is fine)', () => {
    expectInvalidAt(ActionItem, { ...actionItem, dueBy: 'Friday' }, 'action item', 'dueBy');
    expectInvalidAt(ActionItem, { ...actionItem, score: 2 }, 'action item', 'score');
    expect(parse(FollowUp, { ...actionItem, type: 'follow_up', score: 1 }, 'follow-up').score).toBe(1);
    expectInvalidAt(FollowUp, actionItem, 'follow-up', 'type');
  });
});
