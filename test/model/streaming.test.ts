import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/errors/ProtocolError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import {
  decodeClientFrame,
  decodeServerFrame,
  encodeClientFrame,
  encodeServerFrame,
  ServerMessage,
  serverFrameRuleIssues,
} from '../../src/model/streaming.ts';
import { ClientMessage } from '../../src/model/streamingClientMessages.ts';
import {
  conversationCompleted,
  conversationCreated,
  recognitionStarted,
  recognitionStopped,
  sessionModified,
  startedListening,
  streamingError,
} from '../../src/model/streamingSystemMessages.ts';
import { specExamples } from '../support/specExamples.ts';
import { assertRoundTrip } from './streamingSchemaProperties.ts';

const examples = specExamples('streaming-api.md');

/** What each example is, by position: client messages first, then server frames in spec order. */
const expectedTypes = [
  'start_request',
  'stop_request',
  'modify_request',
  'message/started_listening',
  'message/conversation_created',
  'message/recognition_started',
  'message/recognition_result',
  'message_response',
  'insight_response',
  'topic_response',
  'tracker_response',
  'entity_response',
  'message/error',
  'message/recognition_stopped',
  'message/conversation_completed',
];

function typeOf(message: { type: string; message?: { type: string } }): string {
  return message.type === 'message' ? `message/${message.message!.type}` : message.type;
}

describe('streaming-api.md examples', () => {
  it('has the 15 examples this test maps', () => {
    expect(examples).toHaveLength(15);
  });

  it.each(examples.map((e, i) => [i, e.heading, e] as const))(
    'example %i (%s) decodes as its message',
    (i, _, e) => {
      const text = JSON.stringify(e.value);
      const decoded = i < 3 ? decodeClientFrame(text) : decodeServerFrame(text);
      expect(typeOf(decoded as never)).toBe(expectedTypes[i]);
      // Loose server frames keep every field; client messages keep every field they define.
      if (i >= 3) expect(decoded).toEqual(e.value);
    },
  );

  it('every server example also encodes as a server would send it', () => {
    for (const e of examples.slice(3)) {
      expect(JSON.parse(encodeServerFrame(e.value as never))).toEqual(e.value);
    }
  });
});

describe('decodeClientFrame', () => {
  it("reads the Python SDK's repr stop and the documentation's stop_recognition as stop_request", () => {
    expect(decodeClientFrame("{'type': 'stop_request'}")).toEqual({ type: 'stop_request' });
    expect(decodeClientFrame('{"type": "stop_recognition"}')).toEqual({ type: 'stop_request' });
    expect(decodeClientFrame('\ufeff  {"type":"stop_request"}\n')).toEqual({ type: 'stop_request' });
  });

  it('reads the keep-alive __PING__ as a message, not JSON', () => {
    expect(decodeClientFrame('__PING__')).toEqual({ type: '__PING__' });
  });

  it('reads a Python SDK start_request in repr form, with its None options', () => {
    const frame =
      "{'type': 'start_request', 'insightTypes': ['question'], 'speaker': None, 'trackers': None, " +
      "'config': {'confidenceThreshold': 0.5, 'languageCode': 'en-US', " +
      "'speechRecognition': {'encoding': 'LINEAR16', 'sampleRateHertz': 44100}}}";
    expect(decodeClientFrame(frame)).toEqual({
      type: 'start_request',
      insightTypes: ['question'],
      config: {
        confidenceThreshold: 0.5,
        languageCode: 'en-US',
        speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 44100 },
      },
    });
  });

  it.each([
    ['not JSON', 'hello'],
    ['empty', '   '],
    ['an array', '[1,2]'],
    ['no type', '{"config": {}}'],
    ['an unknown type', '{"type": "pause_request"}'],
  ])('throws ProtocolError for a frame that is %s (ignore it, keep the socket)', (_, text) => {
    expect(() => decodeClientFrame(text)).toThrow(ProtocolError);
  });

  it('throws ValidationError naming the path for a known message with a bad field', () => {
    const text = JSON.stringify({
      type: 'start_request',
      config: { speechRecognition: { sampleRateHertz: 'fast' } },
    });
    const error = (() => {
      try {
        decodeClientFrame(text);
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.issues.map((i) => i.path)).toEqual(['config.speechRecognition.sampleRateHertz']);
    expect(error!.message).toContain('start_request');
  });

  it('throws ProtocolError, not a TypeError, when handed a non-string', () => {
    expect(() => decodeClientFrame(Buffer.from('x') as never)).toThrow(ProtocolError);
  });
});

describe('decodeServerFrame', () => {
  it('reads __PONG__ and skips unknown types and subtypes with a ProtocolError', () => {
    expect(decodeServerFrame('__PONG__')).toEqual({ type: '__PONG__' });
    expect(() => decodeServerFrame('{"type": "user_defined"}')).toThrow(ProtocolError);
    expect(() => decodeServerFrame('{"type": "message", "message": {"type": "surprise"}}')).toThrow(
      ProtocolError,
    );
    expect(() => decodeServerFrame('{not json')).toThrow(ProtocolError);
  });

  it('reads the top-level error form that the Go and Python SDKs accept', () => {
    expect(decodeServerFrame('{"type": "error", "details": "bad"}')).toEqual({
      type: 'error',
      details: 'bad',
    });
  });

  it('tolerates what only a server must not do (cloud frames are taken as they come)', () => {
    const frame = {
      type: 'message',
      message: { type: 'started_listening', punctuated: { transcript: 'x' } },
    };
    expect(decodeServerFrame(JSON.stringify(frame))).toEqual(frame);
  });

  it('names the path of a bad field in a known frame', () => {
    const frame = { type: 'topic_response', topics: [{ id: 't', phrases: ['not', 'a', 'string'] }] };
    expect(() => decodeServerFrame(JSON.stringify(frame))).toThrow(/topics\[0\]\.phrases/);
  });
});

describe('encodeServerFrame', () => {
  it('sends the builders as the spec shows them', () => {
    const frames = [
      startedListening(),
      conversationCreated('5093011103940608'),
      recognitionStarted('5093011103940608'),
      recognitionStopped(),
      conversationCompleted('5093011103940608', 'https://host/s'),
      sessionModified('5093011103940608', { sampleRateHertz: 8000, encoding: 'LINEAR16' }),
      streamingError('Unsupported encoding: AAC', 'use LINEAR16'),
    ];
    for (const frame of frames) {
      expect(decodeServerFrame(encodeServerFrame(frame))).toEqual(frame);
      expect(serverFrameRuleIssues(frame)).toEqual([]);
    }
    expect(encodeServerFrame({ type: '__PONG__' })).toBe('__PONG__');
  });

  it.each([
    [
      'punctuated outside recognition_result',
      { type: 'message', message: { type: 'recognition_stopped', punctuated: { transcript: 'x' } } },
      'message.punctuated',
    ],
    [
      'data on started_listening',
      { type: 'message', message: { type: 'started_listening', data: { conversationId: '1' } } },
      'message.data',
    ],
    [
      'conversation_completed without data.conversationId',
      { type: 'message', message: { type: 'conversation_completed', conversationId: '1' } },
      'message.data',
    ],
    [
      'conversation_completed without the top-level id',
      { type: 'message', message: { type: 'conversation_completed', data: { conversationId: '1' } } },
      'message.conversationId',
    ],
    ['a top-level error (the web SDK throws on it)', { type: 'error', message: 'x' }, 'type'],
    [
      'session_modified without data',
      { type: 'message', message: { type: 'session_modified' } },
      'message.data',
    ],
  ])('refuses to send %s', (_, frame, path) => {
    try {
      encodeServerFrame(frame as never);
      expect.unreachable('encoded');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    }
  });

  it('refuses a system data object without conversationId', () => {
    expect(() =>
      encodeServerFrame({ type: 'message', message: { type: 'conversation_created', data: {} } } as never),
    ).toThrow(/message\.data\.conversationId/);
  });
});

describe('encodeClientFrame', () => {
  it('sends __PING__ bare and messages as JSON', () => {
    expect(encodeClientFrame({ type: '__PING__' })).toBe('__PING__');
    expect(JSON.parse(encodeClientFrame({ type: 'stop_request' }))).toEqual({ type: 'stop_request' });
  });

  it('refuses an invalid message before it reaches the socket', () => {
    expect(() => encodeClientFrame({ type: 'modify_request', speechRecognition: {} })).toThrow(
      ValidationError,
    );
  });
});

describe('properties', () => {
  it('every client message round-trips through its text frame', () => {
    assertRoundTrip(ClientMessage, 'client message');
  });

  it('every server message round-trips through JSON', () => {
    assertRoundTrip(ServerMessage, 'server message', 100);
  });
});
