import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors/ValidationError.ts';
import type { ServerMessage } from '../../../src/model/streaming.ts';
import {
  conversationCompleted,
  streamingError,
  systemMessage,
} from '../../../src/model/streamingSystemMessages.ts';
import { TelephonyStartRequest } from '../../../src/model/telephony.ts';
import { silentLogger } from '../../../src/server/Logger.ts';
import { callOptions } from '../../../src/server/telephony/callOptions.ts';
import { parseSipTrunk } from '../../../src/server/telephony/SipTrunk.ts';
import { speakerTimelineEvent } from '../../../src/server/telephony/speakerTimeline.ts';
import { recordStartActions, runStopActions } from '../../../src/server/telephony/stopActions.ts';
import { TelephonyEventLog } from '../../../src/server/telephony/TelephonyEventLog.ts';
import { telephonyFrame } from '../../../src/server/telephony/telephonyFrame.ts';

describe('TelephonyEventLog', () => {
  it('records what SIP call events say, and leaves audio and plain 1xx out', () => {
    const log = new TelephonyEventLog(silentLogger, 'c1');
    const target = 'sip:8021@pbx.example.com';
    log.recordCallEvent(
      { type: 'calling', callId: 'x@parley', local: { host: '127.0.0.1', port: 5 }, rtpPort: 6 },
      target,
    );
    log.recordCallEvent({ type: 'provisional', status: 100, reason: 'Trying' }, target);
    log.recordCallEvent({ type: 'provisional', status: 180, reason: 'Ringing' }, target);
    log.recordCallEvent({ type: 'challenged', status: 407, realm: 'r' }, target);
    log.recordCallEvent({ type: 'rejected', status: 486, reason: 'Busy Here' }, target);
    log.recordCallEvent({ type: 'ended', by: 'remote', reason: 'bye' }, target);
    expect(log.events.map((e) => [e.type, e.detail, e.sipStatus])).toEqual([
      ['calling', `${target} (call x@parley)`, undefined],
      ['ringing', '180 Ringing', undefined],
      ['challenged', 'digest authentication for realm r', 407],
      ['rejected', '486 Busy Here', 486],
      ['far_end_hung_up', 'bye', undefined],
    ]);
    expect(log.last?.type).toBe('far_end_hung_up');
  });
});

describe('speakerTimelineEvent', () => {
  it('times started/stopped speaking from the conversation start, and skips other events', () => {
    const user = { userId: 'ana@example.com', name: 'Ana' };
    const entry = speakerTimelineEvent(
      { topic: 'speaker', type: 'started_speaking', user, timestamp: '2024-03-04T15:00:02.250Z' },
      Date.parse('2024-03-04T15:00:00Z'),
    );
    expect(speakerTimelineEvent({ topic: 'speaker', type: 'joined', user }, 0)).toBeUndefined();
    expect(entry).toEqual({
      type: 'started_speaking',
      user: { id: 'ana@example.com', name: 'Ana', email: 'ana@example.com' },
      offset: { seconds: 2, nanos: 250_000_000 },
    });
    expect(
      speakerTimelineEvent({ topic: 'speaker', type: 'started_speaking', user: { userId: 'u' } }, undefined)
        ?.offset,
    ).toEqual({
      seconds: 0,
      nanos: 0,
    });
  });
});

describe('telephonyFrame', () => {
  it('turns recognition results into transcript_response and keeps only what the telephony socket carries', () => {
    const result = systemMessage({
      type: 'recognition_result',
      isFinal: true,
      payload: { raw: { alternatives: [{ transcript: 'hello there', words: [] }] } },
      punctuated: { transcript: 'Hello there' },
      user: { name: 'Ana' },
    }) as ServerMessage;
    expect(JSON.parse(telephonyFrame(result) as string)).toEqual({
      type: 'transcript_response',
      isFinal: true,
      payload: { content: 'Hello there', contentType: 'text/plain' },
      user: { name: 'Ana' },
    });
    expect(telephonyFrame(streamingError('failed') as ServerMessage)).toContain('"failed"');
    expect(telephonyFrame(conversationCompleted('1') as ServerMessage)).toContain('conversation_completed');
    expect(
      telephonyFrame({ type: 'tracker_response', trackers: [] } as unknown as ServerMessage),
    ).toBeUndefined();
  });
});

describe('call options and actions', () => {
  const pstn = TelephonyStartRequest.parse({
    operation: 'start',
    endpoint: { type: 'pstn', phoneNumber: '14155550123', dtmf: '1#' },
    actions: [
      { invokeOn: 'start', name: 'sendSummaryEmail', parameters: { emails: ['a@example.com'] } },
      { invokeOn: 'stop', name: 'sendSummaryEmail', parameters: { emails: ['a@example.com'] } },
      { invokeOn: 'stop', name: 'somethingElse' },
    ],
  });

  it('dials a number through the trunk with its credentials and keys, and refuses it without one', () => {
    expect(callOptions(pstn, { trunk: parseSipTrunk('sip:u:p@trunk.example.com:5070') })).toEqual({
      target: 'sip:+14155550123@trunk.example.com',
      proxy: 'sip:trunk.example.com:5070',
      credentials: { username: 'u', password: 'p' },
      dtmf: '1#',
    });
    expect(() => callOptions(pstn, {})).toThrow(ValidationError);
  });

  it('records start actions as skipped and answers sendSummaryEmail with summaryInfo', () => {
    const log = new TelephonyEventLog(silentLogger, 'c2');
    recordStartActions(pstn.actions ?? [], log);
    const info = runStopActions(pstn.actions ?? [], 'http://x/meeting/#/abc', log);
    expect(info).toEqual([
      {
        user: { userId: 'a@example.com', name: 'a@example.com', role: 'organizer' },
        url: 'http://x/meeting/#/abc',
      },
    ]);
    expect(log.events.map((e) => e.type)).toEqual(['action_skipped', 'action_skipped', 'action_skipped']);
    expect(log.events[1]?.detail).toContain('no SMTP server');
  });
});
