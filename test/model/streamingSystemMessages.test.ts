import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import {
  ConversationCompleted,
  ConversationCreated,
  conversationCompleted,
  conversationIdOf,
  RecognitionResult,
  RecognitionStarted,
  RecognitionStopped,
  SessionModified,
  StartedListening,
  SystemError,
  SystemMessage,
  SystemMessageBody,
  systemMessage,
} from '../../src/model/streamingSystemMessages.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

describe('system message properties', () => {
  const bodies = {
    StartedListening,
    ConversationCreated,
    RecognitionStarted,
    RecognitionResult,
    RecognitionStopped,
    ConversationCompleted,
    SessionModified,
    SystemError,
  };
  for (const [name, schema] of Object.entries(bodies)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 40));
  }
  it('the envelope round-trips through JSON', () => assertRoundTrip(SystemMessage, 'message'));
  for (const [name, schema] of Object.entries({ ConversationCreated, RecognitionResult, SystemMessage })) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name));
  }
});

describe('system messages', () => {
  it('keep fields they do not know (the cloud adds some)', () => {
    const frame = { type: 'message', message: { type: 'recognition_stopped', reason: 'x' }, extra: 1 };
    expect(parse(SystemMessage, frame, 'message')).toEqual(frame);
  });

  it('need data.conversationId whenever they carry data', () => {
    const issues = issuesOf(SystemMessageBody, { type: 'recognition_started', data: { id: '1' } });
    expect(issues.map((i) => i.path)).toEqual(['data.conversationId']);
  });

  it('read conversation_completed with the id in either place, and not with none', () => {
    expect(
      conversationIdOf(
        parse(SystemMessageBody, { type: 'conversation_completed', conversationId: 'a' }, 'm'),
      ),
    ).toBe('a');
    expect(
      conversationIdOf(
        parse(SystemMessageBody, { type: 'conversation_completed', data: { conversationId: 'b' } }, 'm'),
      ),
    ).toBe('b');
    expect(issuesOf(ConversationCompleted, { type: 'conversation_completed' })[0]!.path).toBe(
      'conversationId',
    );
    expect(conversationCompleted('c').message).toEqual({
      type: 'conversation_completed',
      conversationId: 'c',
      data: { conversationId: 'c' },
    });
  });

  it('read live word times given as numbers (protobuf JSON) as the wire strings', () => {
    const body = {
      type: 'recognition_result',
      isFinal: true,
      payload: {
        raw: {
          alternatives: [
            {
              transcript: 'hi',
              words: [
                { word: 'hi', startTime: { seconds: 1, nanos: 5 }, endTime: { seconds: '2', nanos: '0' } },
              ],
            },
          ],
        },
      },
    };
    const parsed = parse(RecognitionResult, body, 'recognition_result');
    expect(parsed.payload.raw.alternatives[0]!.words![0]!.startTime).toEqual({ seconds: '1', nanos: '5' });
  });

  it('wraps bodies in the envelope, with timeOffset only when given', () => {
    expect(systemMessage({ type: 'started_listening' })).toEqual({
      type: 'message',
      message: { type: 'started_listening' },
    });
    expect(systemMessage({ type: 'started_listening' }, 3800).timeOffset).toBe(3800);
  });
});
