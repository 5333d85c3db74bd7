import { firstValueFrom, lastValueFrom, type Observable, Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/errors/ProtocolError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { json, type ScriptedServer, startScriptedServer } from '../client/scriptedServer.ts';

let api: ScriptedServer;
let answer: unknown;
beforeEach(async () => {
  answer = {};
  api = await startScriptedServer((_, res) => json(res, 200, answer));
});
afterEach(async () => {
  await api.close();
});

const tracker = {
  id: '5237067555536896',
  name: 'Pricing',
  matches: [
    {
      type: 'vocabulary',
      value: 'price',
      messageRefs: [{ id: '1', text: 'The price.', offset: 4 }],
      insightRefs: [],
    },
  ],
};

describe('the Conversation API functions', () => {
  it('send only the query parameters the caller set, encoded as the Python SDK does', async () => {
    const conversations = api.client().conversations;
    answer = { messages: [] };
    await firstValueFrom(conversations.getMessages('123'));
    await firstValueFrom(conversations.getMessages('123', { verbose: true, sentiment: false }));
    answer = { topics: [] };
    await firstValueFrom(
      conversations.getTopics('123', { parentRefs: true, customTopicVocabulary: ['renewal', 'quote'] }),
    );
    answer = { conversations: [] };
    await firstValueFrom(conversations.list({ limit: 5, order: 'desc' }));
    expect(api.seen.map((r) => r.url)).toEqual([
      '/v1/conversations/123/messages',
      '/v1/conversations/123/messages?verbose=true&sentiment=false',
      '/v1/conversations/123/topics?parentRefs=true&customTopicVocabulary=%5B%22renewal%22%2C%22quote%22%5D',
      '/v1/conversations?limit=5&order=desc',
    ]);
  });

  it('read trackers as an array also from a server that answers with one object', async () => {
    answer = tracker;
    expect(await firstValueFrom(api.client().conversations.getTrackers('1'))).toEqual([tracker]);
    answer = [tracker];
    expect(await firstValueFrom(api.client().conversations.getTrackers('1'))).toEqual([tracker]);
    expect(api.seen.at(-1)?.url).toBe('/v1/conversations/1/trackers-detected');
  });

  it('check bodies on subscribe, so a bad one errors in the error channel and nothing is sent', async () => {
    const conversations = api.client().conversations;
    const update = conversations.updateMember('1', 'm-1', { id: 'm-2', name: 'Dana' });
    const events = conversations.updateSpeakerEvents('1', {
      speakerEvents: [
        { type: 'started_talking' as 'started_speaking', user: { id: 'a' }, offset: { seconds: 0 } },
      ],
    });
    const metadata = conversations.updateConversation('1', { metadata: { k: 'x'.repeat(200) } });
    const calls: Observable<unknown>[] = [update, events, metadata];
    for (const call of calls) {
      const error = await lastValueFrom(call).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(api.seen).toHaveLength(0);
  });

  it('send member updates, speaker events and transcript requests as JSON bodies', async () => {
    const conversations = api.client().conversations;
    answer = { message: 'ok' };
    await firstValueFrom(
      conversations.updateMember('1', 'a b', { id: 'a b', name: 'Dana', email: 'dana@example.com' }),
    );
    await firstValueFrom(
      conversations.updateSpeakerEvents('1', {
        speakerEvents: [
          {
            type: 'started_speaking',
            user: { id: 'abcd', name: 'Dana' },
            offset: { seconds: 1, nanos: 5000000000 },
          },
        ],
      }),
    );
    answer = { transcript: { payload: 'Dana: Hi.', contentType: 'text/markdown' } };
    await firstValueFrom(conversations.getFormattedTranscript('1'));
    const [member, speakers, transcript] = api.seen;
    expect([member?.method, member?.url]).toEqual(['PUT', '/v1/conversations/1/members/a%20b']);
    expect(JSON.parse(member!.body.toString())).toEqual({
      id: 'a b',
      name: 'Dana',
      email: 'dana@example.com',
    });
    expect(speakers?.url).toBe('/v1/conversations/1/speakers');
    expect(JSON.parse(speakers!.body.toString()).speakerEvents[0].offset).toEqual({
      seconds: 1,
      nanos: 5000000000,
    });
    expect([transcript?.method, JSON.parse(transcript!.body.toString())]).toEqual([
      'POST',
      { contentType: 'text/markdown' },
    ]);
  });

  it('refuse an answer that breaks the contract with a ProtocolError', async () => {
    answer = { questions: [{ id: '1', text: 'Why?' }] };
    const error = await lastValueFrom(api.client().conversations.getQuestions('1')).catch((e) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as Error).message).toMatch(/questions\[0\]/);
  });

  it('bind a handle to an id that arrives later (a job being submitted)', async () => {
    const id = new Subject<string>();
    const handle = (await import('../../src/conversations/ConversationHandle.ts')).conversationHandle(
      api.client().http,
      id,
    );
    answer = { members: [] };
    const members = firstValueFrom(handle.getMembers());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.seen).toHaveLength(0);
    id.next('42');
    await members;
    expect(api.seen[0]?.url).toBe('/v1/conversations/42/members');
  });
});
