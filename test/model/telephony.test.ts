import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import {
  SipAudioConfig,
  SpeakerEvent,
  StopProcessingEvent,
  TelephonyAction,
  TelephonyConnectRequest,
  TelephonyEndpoint,
  TelephonyEvent,
  TelephonyStartRequest,
  TelephonyStartResponse,
  TelephonyStopRequest,
  TelephonyStopResponse,
  TelephonySubscribeMessage,
  TranscriptResponse,
  telephonyLanguage,
  telephonyTimeZone,
} from '../../src/model/telephony.ts';
import { specExamples } from '../support/specExamples.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

const examples = specExamples('telephony-api.md');

describe('telephony-api.md examples', () => {
  const schemaOf = [
    TelephonyConnectRequest, // 1.1 start body
    TelephonyEndpoint, // 1.1 SIP variant of endpoint
    TelephonyStartResponse, // 1.4
    TelephonyEvent, // 2.2 speaker event
    TelephonyConnectRequest, // 3 stop body
    TelephonyStopResponse, // 3 stop response
  ];

  it('has the 6 examples this test maps', () => {
    expect(examples).toHaveLength(schemaOf.length);
  });

  it.each(examples.map((e, i) => [i, e.heading, e] as const))('example %i (%s) parses', (i, _, e) => {
    expect(parse(schemaOf[i]!, e.value, e.heading)).toEqual(e.value);
  });

  it('the SIP endpoint example works inside a start request', () => {
    const request = parse(
      TelephonyConnectRequest,
      { operation: 'start', endpoint: examples[1]!.value },
      'endpoint:connect',
    );
    expect(request).toMatchObject({
      operation: 'start',
      endpoint: { type: 'sip', uri: 'sip:8021@sip.example.com' },
    });
  });
});

describe('properties', () => {
  const objects = {
    TelephonyStartRequest,
    TelephonyStopRequest,
    TelephonyStartResponse,
    TelephonyStopResponse,
    TranscriptResponse,
    SpeakerEvent,
    StopProcessingEvent,
    TelephonyAction,
    SipAudioConfig,
  };
  for (const [name, schema] of Object.entries(objects)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 40));
  }
  for (const [name, schema] of Object.entries({
    TelephonyConnectRequest,
    TelephonySubscribeMessage,
    TelephonyEvent,
  })) {
    it(`every ${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 40));
  }
  const breakable = {
    TelephonyStartRequest,
    TelephonyStopRequest,
    TelephonyStartResponse,
    TelephonyStopResponse,
    TranscriptResponse,
    SpeakerEvent,
    TelephonyAction,
  };
  for (const [name, schema] of Object.entries(breakable)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 40));
  }
});

describe('what clients vary in', () => {
  it("reads the Python SDK's start body: actions {}, data {}, dtmf null, languages as strings", () => {
    const body = {
      operation: 'start',
      endpoint: { type: 'pstn', phoneNumber: '+11234567890', dtmf: null },
      actions: {},
      data: {},
      pushSpeakerEvents: true,
      languages: ['ja-JP'],
      timezone: 'Asia/Tokyo',
    };
    expect(parse(TelephonyStartRequest, body, 'endpoint:connect')).toEqual({
      operation: 'start',
      endpoint: { type: 'pstn', phoneNumber: '+11234567890' },
      actions: [],
      data: {},
      pushSpeakerEvents: true,
      languages: ['ja-JP'],
      timezone: 'Asia/Tokyo',
    });
  });

  it("reads the JavaScript SDK's {code} languages, any case of endpoint.type, and the Python SDK's default SIP audioConfig", () => {
    const request = parse(
      TelephonyStartRequest,
      {
        operation: 'start',
        endpoint: { type: 'SIP', uri: 'sip:1@h', audioConfig: { sampleRate: 16000, sampleSize: '16' } },
        languages: [{ code: 'es-us' }],
        data: { session: { location: { timeZone: { name: 'US/Pacific' } } } },
      },
      'endpoint:connect',
    );
    expect(request.endpoint).toEqual({
      type: 'sip',
      uri: 'sip:1@h',
      audioConfig: { sampleRate: 16000, sampleSize: 16 },
    });
    expect(telephonyLanguage(request)).toBe('es-US');
    expect(telephonyTimeZone(request)).toBe('US/Pacific');
  });

  it('defaults to en-US and UTC, and prefers the top-level timezone', () => {
    const request = parse(
      TelephonyStartRequest,
      {
        operation: 'start',
        endpoint: { type: 'pstn', phoneNumber: '14155550123' },
        timezone: 'Asia/Tokyo',
        data: { session: { location: { timeZone: { name: 'US/Pacific' } } } },
      },
      's',
    );
    expect(telephonyTimeZone(request)).toBe('Asia/Tokyo');
    const bare = parse(
      TelephonyStartRequest,
      { operation: 'start', endpoint: { type: 'pstn', phoneNumber: '1415' } },
      's',
    );
    expect([telephonyLanguage(bare), telephonyTimeZone(bare)]).toEqual(['en-US', undefined]);
  });

  it('keeps the fields of the other endpoint kind out of the parsed endpoint', () => {
    expect(
      parse(TelephonyEndpoint, { type: 'pstn', phoneNumber: '1415', uri: 'sip:x@y' }, 'endpoint'),
    ).toEqual({
      type: 'pstn',
      phoneNumber: '1415',
    });
  });
});

describe('what a server rejects with 400, in the SDKs own words', () => {
  it.each([
    [{}, 'operation', 'operation is required'],
    [{ operation: 'restart' }, 'operation', 'operation is required'],
    [
      { operation: 'start', endpoint: { type: 'pstn' } },
      'endpoint.phoneNumber',
      "phoneNumber is required when type = 'pstn'.",
    ],
    [{ operation: 'start', endpoint: { type: 'sip' } }, 'endpoint.uri', "uri is required when type = 'sip'."],
    [{ operation: 'start', endpoint: { type: 'webrtc' } }, 'endpoint.type', 'endpoint type is required.'],
    [{ operation: 'stop' }, 'connectionId', 'connectionId is required to stop the endpoint connection.'],
    [
      {
        operation: 'start',
        endpoint: { type: 'pstn', phoneNumber: '1415' },
        actions: [{ name: 'sendSummaryEmail' }],
      },
      'actions[0].invokeOn',
      'invokeOn is required',
    ],
    [
      {
        operation: 'start',
        endpoint: { type: 'pstn', phoneNumber: '1415' },
        actions: [{ invokeOn: 'stop' }],
      },
      'actions[0].name',
      'name is required',
    ],
  ])('%j fails at %s', (body, path, message) => {
    const issues = issuesOf(TelephonyConnectRequest, body, 'endpoint:connect');
    expect(issues.find((i) => i.path === path)?.message).toContain(message);
  });

  it.each([
    [{ type: 'pstn', phoneNumber: 'call me' }, 'phoneNumber'],
    [{ type: 'sip', uri: 'http://example.com' }, 'uri'],
    [{ type: 'sip', uri: 'sip:1@h', audioConfig: { encoding: 'AAC' } }, 'audioConfig.encoding'],
    [{ type: 'sip', uri: 'sip:1@h', audioConfig: { sampleSize: 'sixteen' } }, 'audioConfig.sampleSize'],
    [{ type: 'sip', uri: 'sip:1@h', audioConfig: { sampleRate: 4000 } }, 'audioConfig.sampleRate'],
  ])('endpoint %j fails at %s', (endpoint, path) => {
    expect(issuesOf(TelephonyEndpoint, endpoint).map((i) => i.path)).toContain(path);
  });

  it('needs recipients for sendSummaryEmail, and well-formed ones', () => {
    const action = (parameters?: unknown) => ({ invokeOn: 'stop', name: 'sendSummaryEmail', parameters });
    expect(issuesOf(TelephonyAction, action()).map((i) => i.path)).toEqual(['parameters.emails']);
    expect(issuesOf(TelephonyAction, action({ emails: ['not an email'] })).map((i) => i.path)).toEqual([
      'parameters.emails[0]',
    ]);
    expect(TelephonyAction.safeParse({ invokeOn: 'start', name: 'logSummaryUrl' }).success).toBe(true);
  });

  it('needs user.userId on speaker events, but not on the stop-processing event', () => {
    expect(
      issuesOf(TelephonyEvent, { topic: 'speaker', type: 'started_speaking', user: { name: 'J' } })[0]!.path,
    ).toBe('user.userId');
    expect(
      parse(TelephonyEvent, { topic: 'speaker', type: 'stopped', timestamp: '2024-03-04T15:00:03Z' }, 'e'),
    ).toEqual({
      topic: 'speaker',
      type: 'stopped',
      timestamp: '2024-03-04T15:00:03Z',
    });
    expect(
      issuesOf(TelephonyEvent, {
        topic: 'speaker',
        type: 'started_speaking',
        user: { userId: 'j' },
        timestamp: 'now',
      })[0]!.path,
    ).toBe('timestamp');
  });
});

describe('subscription frames', () => {
  it('reads the recommended transcript_response and the streaming result frames', () => {
    const frames = [
      {
        type: 'transcript_response',
        isFinal: false,
        payload: { content: 'can you send me', contentType: 'text/plain' },
        user: { name: 'Ben' },
      },
      { type: 'message_response', messages: [{ from: {}, payload: { content: 'Hi.' } }] },
      {
        type: 'insight_response',
        insights: [{ id: 'i', type: 'question', text: 'Why?', payload: { content: 'Why?' } }],
      },
      { type: 'topic_response', topics: [{ id: 't', phrases: 'renewal' }] },
      { type: 'intent_response', intent: { intent: 'answering_machine' } },
    ];
    for (const frame of frames) expect(parse(TelephonySubscribeMessage, frame, 'frame')).toEqual(frame);
    expect(
      TelephonySubscribeMessage.safeParse({ type: 'tracker_response', isFinal: true, trackers: [] }).success,
    ).toBe(false);
  });

  it('requires connectionId on a stop response (the JavaScript SDK rejects one without it)', () => {
    expect(issuesOf(TelephonyStopResponse, { conversationId: '1' })[0]!.path).toBe('connectionId');
  });
});
