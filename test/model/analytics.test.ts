import { describe, expect, it } from 'vitest';
import {
  AnalyticsMember,
  AnalyticsMetric,
  AnalyticsResponse,
  MemberOverlap,
  MemberTime,
  OverlappingMember,
} from '../../src/model/analytics.ts';
import { parse } from '../../src/model/parse.ts';
import { checkMalformed, checkRoundTrip, expectInvalidAt } from './conversationSchemaProperties.ts';

const member = {
  id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  name: 'Ben',
  pace: { wpm: 132 },
  talkTime: { percentage: 40.912, seconds: 23.401 },
  listenTime: { percentage: 59.088, seconds: 33.798 },
};

describe('analytics', () => {
  it('survive a JSON round trip', () => {
    for (const schema of [
      AnalyticsMetric,
      MemberTime,
      OverlappingMember,
      MemberOverlap,
      AnalyticsMember,
      AnalyticsResponse,
    ]) {
      checkRoundTrip(schema, 'analytics', 40);
    }
  });

  it('name the broken field of a malformed metric, member or response', () => {
    for (const schema of [
      AnalyticsMetric,
      MemberTime,
      OverlappingMember,
      MemberOverlap,
      AnalyticsMember,
      AnalyticsResponse,
    ]) {
      checkMalformed(schema, 'analytics', {}, 40);
    }
  });

  it('metrics use percent, members percentage: mixing them up is rejected', () => {
    expectInvalidAt(
      AnalyticsMetric,
      { type: 'total_silence', percentage: 29, seconds: 23 },
      'metric',
      'percent',
    );
    expectInvalidAt(
      AnalyticsMember,
      { ...member, talkTime: { percent: 40, seconds: 23 } },
      'member',
      'talkTime.percentage',
    );
  });

  it('percentages are 0–100, seconds non-negative, metric types enumerated', () => {
    expectInvalidAt(
      AnalyticsMetric,
      { type: 'total_silence', percent: 100.5, seconds: 1 },
      'metric',
      'percent',
    );
    expectInvalidAt(AnalyticsMetric, { type: 'total_silence', percent: 5, seconds: -1 }, 'metric', 'seconds');
    expectInvalidAt(AnalyticsMetric, { type: 'total_words', percent: 5, seconds: 1 }, 'metric', 'type');
  });

  it('overlap is optional for a member who never overlapped', () => {
    expect(parse(AnalyticsMember, member, 'member')).toEqual(member);
  });
});
