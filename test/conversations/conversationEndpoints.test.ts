import { lastValueFrom, type Observable, Subject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { conversationHandle } from '../../src/conversations/ConversationHandle.ts';
import type { ConversationsApi } from '../../src/conversations/ConversationsApi.ts';
import { collectionEndpoints, conversationEndpoints } from '../../src/conversations/conversationEndpoints.ts';
import type { ConversationList } from '../../src/model/conversation.ts';
import type { MemberUpdateResponse } from '../../src/model/members.ts';
import type { MessagesResponse } from '../../src/model/messages.ts';
import { json, type ScriptedServer, startScriptedServer } from '../client/scriptedServer.ts';

let api: ScriptedServer;
beforeEach(async () => {
  api = await startScriptedServer((_, res) => json(res, 200, {}));
});
afterEach(async () => {
  await api.close();
});

/** Arguments after the conversation id that every endpoint accepts. */
const argumentsOf: Record<keyof typeof conversationEndpoints, unknown[]> = {
  getConversation: [],
  updateConversation: [{ metadata: { team: 'sales' } }],
  deleteConversation: [],
  getMessages: [],
  getTopics: [],
  getQuestions: [],
  getActionItems: [],
  getFollowUps: [],
  getInsights: [],
  getMembers: [],
  updateMember: ['m/1', { id: 'm/1', name: 'Dana' }],
  updateSpeakerEvents: [{ speakerEvents: [] }],
  getEntities: [],
  getTrackers: [],
  getAnalytics: [],
  getSummary: [],
  getFormattedTranscript: [],
  createExperience: [{ name: 'verbose-text-summary' }],
  getCallScore: [],
  getCallScoreStatus: [],
  getCallScoreInsightsUrl: [],
  getBookmarks: [],
  createBookmark: [
    { label: 'L', description: 'D', user: {}, beginTimeOffset: 0, duration: 1, messageRefs: [] },
  ],
  getBookmark: ['b/1'],
  updateBookmark: ['b/1', { label: 'M' }],
  deleteBookmark: ['b/1'],
  getBookmarkSummary: ['b/1'],
  getBookmarksSummary: [],
};

/** Subscribes and waits for the end, whatever it is (the empty answers break most schemas). */
const settle = (call: Observable<unknown>) => lastValueFrom(call).catch(() => undefined);

describe('the Conversation API table', () => {
  it('gives the API (id first) and the handle (id bound) a method per endpoint, and the API list', () => {
    const client = api.client();
    const handle = client.conversation('1');
    for (const name of Object.keys(conversationEndpoints)) {
      expect(typeof (client.conversations as unknown as Record<string, unknown>)[name]).toBe('function');
      expect(typeof (handle as unknown as Record<string, unknown>)[name]).toBe('function');
    }
    expect(Object.keys(collectionEndpoints)).toEqual(['list']);
    expect(typeof client.conversations.list).toBe('function');
    expect(Object.keys(argumentsOf).sort()).toEqual(Object.keys(conversationEndpoints).sort());
  });

  it('sends each endpoint with its method and path, the id and path parameters URL-encoded, from the API and the handle alike', async () => {
    const client = api.client();
    const byApi = client.conversations as unknown as Record<
      string,
      (...args: unknown[]) => Observable<unknown>
    >;
    const id = new Subject<string>();
    const handle = conversationHandle(client.http, id) as unknown as Record<
      string,
      (...args: unknown[]) => Observable<unknown>
    >;
    for (const [name, entry] of Object.entries(conversationEndpoints)) {
      const args = argumentsOf[name as keyof typeof conversationEndpoints];
      await settle(byApi[name]?.('c 1', ...args) as Observable<unknown>);
      const viaHandle = settle(handle[name]?.(...args) as Observable<unknown>);
      id.next('c 1');
      await viaHandle;
      const expected = entry.path
        .replace('{conversationId}', 'c%201')
        .replace('{memberId}', 'm%2F1')
        .replace('{bookmarkId}', 'b%2F1');
      const [first, second] = api.seen.splice(0).map((r) => `${r.method} ${r.url.replace(/\?.*$/, '')}`);
      expect([name, first]).toEqual([name, `${entry.method} ${expected}`]);
      expect(second).toBe(first);
    }
  });

  it('derives each method’s arguments and answer from its entry (types)', () => {
    expectTypeOf<ConversationsApi['getMessages']>().parameters.toEqualTypeOf<
      [conversationId: string, parameters?: { verbose?: boolean; sentiment?: boolean }]
    >();
    expectTypeOf<ReturnType<ConversationsApi['getMessages']>>().toEqualTypeOf<Observable<MessagesResponse>>();
    expectTypeOf<ReturnType<ConversationsApi['list']>>().toEqualTypeOf<Observable<ConversationList>>();
    const handle = conversationHandle(api.client().http, '1');
    expectTypeOf(handle.updateMember).parameters.toEqualTypeOf<
      [memberId: string, member: { id: string; name: string; email?: string }]
    >();
    expectTypeOf(handle.updateMember).returns.toEqualTypeOf<Observable<MemberUpdateResponse>>();
    expectTypeOf(handle.getQuestions).parameters.toEqualTypeOf<[]>();
  });
});
