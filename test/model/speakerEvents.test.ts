import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import {
  SpeakerEventOffset,
  SpeakerEventsRequest,
  SpeakerEventsResponse,
  SpeakerTimelineEvent,
  speakerEventOffsetSeconds,
} from '../../src/model/speakerEvents.ts';
import { checkMalformed, checkRoundTrip, expectInvalidAt } from './conversationSchemaProperties.ts';

const event = {
  type: 'started_speaking',
  user: { id: 'abcd', name: 'Derek', email: 'derek@example.com' },
  offset: { seconds: 0, nanos: 500000000 },
};

describe('speaker events', () => {
  it('survive a JSON round trip', () => {
    for (const schema of [
      SpeakerEventOffset,
      SpeakerTimelineEvent,
      SpeakerEventsRequest,
      SpeakerEventsResponse,
    ]) {
      checkRoundTrip(schema, 'speaker events', 40);
    }
  });

  it('name the broken field of a malformed event, request or response', () => {
    for (const schema of [SpeakerTimelineEvent, SpeakerEventsRequest, SpeakerEventsResponse]) {
      checkMalformed(schema, 'speaker events', {}, 40);
    }
  });

  it('offset: nanos beyond one second (as every documentation example sends) and numeric strings', () => {
    const offset = parse(SpeakerEventOffset, { seconds: '15', nanos: 5000000000 }, 'offset');
    expect(offset).toEqual({ seconds: 15, nanos: 5000000000 });
    expect(speakerEventOffsetSeconds(offset)).toBe(20);
    expect(speakerEventOffsetSeconds(parse(SpeakerEventOffset, { seconds: 3 }, 'offset'))).toBe(3);
    expectInvalidAt(SpeakerEventOffset, { seconds: -1, nanos: 0 }, 'offset', 'seconds');
    expectInvalidAt(SpeakerEventOffset, { seconds: 1, nanos: 0.5 }, 'offset', 'nanos');
  });

  it('request: strict at the top, events need a known type, a user id and an offset', () => {
    expect(parse(SpeakerEventsRequest, { speakerEvents: [] }, 'speakers')).toEqual({ speakerEvents: [] });
    expect(
      parse(SpeakerEventsRequest, { speakerEvents: [{ ...event, user: { id: 7 } }] }, 'speakers'),
    ).toEqual({
      speakerEvents: [{ ...event, user: { id: '7' } }],
    });
    expectInvalidAt(SpeakerEventsRequest, { speakerEvents: [event], extra: 1 }, 'speakers', '');
    expectInvalidAt(
      SpeakerEventsRequest,
      { speakerEvents: [{ ...event, type: 'paused' }] },
      'speakers',
      'speakerEvents[0].type',
    );
    expectInvalidAt(
      SpeakerEventsRequest,
      { speakerEvents: [{ ...event, user: { name: 'X' } }] },
      'speakers',
      'speakerEvents[0].user.id',
    );
    expectInvalidAt(
      SpeakerEventsRequest,
      { speakerEvents: [{ ...event, offset: undefined }] },
      'speakers',
      'speakerEvents[0].offset',
    );
    expectInvalidAt(SpeakerEventsRequest, {}, 'speakers', 'speakerEvents');
  });
});
