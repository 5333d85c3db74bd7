import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import {
  DetectedTracker,
  DetectedTrackerMatch,
  TrackerInsightRef,
  TrackerMessageRef,
  TrackersDetectedResponse,
  TrackersDetectedResponseAnyShape,
} from '../../src/model/trackersDetected.ts';
import { checkMalformed, checkRoundTrip, expectInvalidAt } from './conversationSchemaProperties.ts';

const tracker = {
  id: '5237067555536896',
  name: 'Pricing',
  matches: [
    {
      type: 'vocabulary',
      value: 'price',
      messageRefs: [{ id: '4527958187311104', text: 'The price stays at 500 dollars per month.', offset: 4 }],
      insightRefs: [],
    },
  ],
};

describe('trackers detected', () => {
  it('survive a JSON round trip', () => {
    for (const schema of [
      TrackerMessageRef,
      TrackerInsightRef,
      DetectedTrackerMatch,
      DetectedTracker,
      TrackersDetectedResponse,
      TrackersDetectedResponseAnyShape,
    ]) {
      checkRoundTrip(schema, 'trackers', 40);
    }
  });

  it('name the broken field of a malformed ref, match, tracker or response', () => {
    for (const schema of [
      TrackerMessageRef,
      TrackerInsightRef,
      DetectedTrackerMatch,
      DetectedTracker,
      TrackersDetectedResponse,
    ]) {
      checkMalformed(schema, 'trackers', {}, 40);
    }
  });

  it('offset -1 marks a semantic match; below that is rejected', () => {
    const semantic = { id: '1', text: 'What would the renewal cost us?', offset: -1 };
    expect(parse(TrackerMessageRef, semantic, 'ref')).toEqual(semantic);
    expectInvalidAt(TrackerMessageRef, { ...semantic, offset: -2 }, 'ref', 'offset');
    expectInvalidAt(TrackerInsightRef, { ...semantic, type: 'question', offset: 0.5 }, 'ref', 'offset');
  });

  it('a bare array is served; the single-object legacy form is accepted and made an array', () => {
    expect(parse(TrackersDetectedResponseAnyShape, tracker, 'trackers')).toEqual([tracker]);
    expect(parse(TrackersDetectedResponseAnyShape, [tracker], 'trackers')).toEqual([tracker]);
    expect(TrackersDetectedResponse.safeParse(tracker).success).toBe(false);
    expect(parse(TrackersDetectedResponse, [], 'trackers')).toEqual([]);
  });

  it('missing insightRefs read as []', () => {
    const { insightRefs: _, ...match } = tracker.matches[0]!;
    expect(parse(DetectedTrackerMatch, match, 'match')).toEqual({ ...match, insightRefs: [] });
  });
});
