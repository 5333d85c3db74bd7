import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Bookmark,
  BookmarkSummaryResponse,
  BookmarksEnvelope,
  BookmarksSummaryResponse,
} from '../../src/model/bookmarks.ts';
import {
  call,
  otherAppToken,
  startTestServer,
  type TestServer,
  timedLine,
  waitForJob,
} from './support/testServer.ts';

let t: TestServer;
let otherToken: string;
let conversationId: string;
let messageIds: string[];

beforeAll(async () => {
  t = await startTestServer({ limits: { bookmarksPerConversation: 3 } });
  otherToken = await otherAppToken(t);
  const submitted = await api('POST', '/v1/process/text', {
    messages: [
      timedLine('Ben', 'We need to decide the renewal price for the enterprise plan this week.', 0, 5),
      timedLine('Ana', 'I will send the revised renewal quote to the customer by Friday.', 6, 11),
      timedLine('Ben', 'The onboarding checklist for new engineers is still missing three steps.', 40, 46),
      timedLine('Ana', 'Let us review the onboarding checklist together at the next team meeting.', 47, 53),
    ],
  });
  conversationId = submitted.body.conversationId;
  await waitForJob(t.url, t.token, submitted.body.jobId);
  messageIds = (await api('GET', `/v1/conversations/${conversationId}/messages`)).body.messages.map(
    (m: { id: string }) => m.id,
  );
});
afterAll(async () => {
  await t.stop();
});

function api(method: string, path: string, json?: unknown, token = t.token) {
  return call(t.url, method, path, { token, ...(json === undefined ? {} : { json }) });
}

const base = () => `/v1/conversations/${conversationId}/bookmarks`;
const renewal = () => ({
  label: 'Renewal',
  description: 'pricing and the quote',
  user: { name: 'Ben', userId: 'ben@example.com', email: 'ben@example.com' },
  beginTimeOffset: 0,
  duration: 11,
  messageRefs: [{ id: messageIds[0] }, { id: messageIds[1] }],
});

describe('bookmarks', () => {
  it('creates, lists, reads, updates and deletes bookmarks, and summarises each', async () => {
    const created = await api('POST', base(), renewal());
    expect(created.status).toBe(201);
    const bookmark = Bookmark.parse(created.body);
    expect(bookmark).toMatchObject({ label: 'Renewal', beginTimeOffset: 0, duration: 11 });
    expect(bookmark.id).toMatch(/^\d{16}$/);
    // A span without message references covers the messages said in it.
    const onboarding = Bookmark.parse(
      (
        await api('POST', base(), {
          label: 'Onboarding',
          description: 'the checklist',
          user: { name: 'Ana' },
          beginTimeOffset: 40,
          duration: 13,
          messageRefs: [],
        })
      ).body,
    );

    const listed = BookmarksEnvelope.parse((await api('GET', base())).body).bookmarks;
    expect(listed.map((b) => b.label)).toEqual(['Renewal', 'Onboarding']);
    expect(Bookmark.parse((await api('GET', `${base()}/${bookmark.id}`)).body)).toEqual(bookmark);

    const summary = BookmarkSummaryResponse.parse(
      (await api('GET', `${base()}/${bookmark.id}/summary`)).body,
    );
    expect(summary.summary.length).toBeGreaterThan(0);
    for (const item of summary.summary) {
      expect(item.bookmarkReference).toEqual({ id: bookmark.id });
      for (const ref of item.messageRefs) expect(messageIds.slice(0, 2)).toContain(ref.id);
    }
    expect(summary.summary.map((s) => s.text).join(' ')).toMatch(/renewal/i);
    const all = BookmarksSummaryResponse.parse(
      (await api('GET', `/v1/conversations/${conversationId}/bookmarks-summary`)).body,
    );
    expect(all.bookmarksSummary.map((b) => b.bookmarkId)).toEqual([bookmark.id, onboarding.id]);
    const onboardingText = all.bookmarksSummary[1]!.summary.map((s) => s.text).join(' ');
    expect(onboardingText).toMatch(/onboarding checklist/i);
    expect(onboardingText).not.toMatch(/renewal/i);

    const updated = await api('PUT', `${base()}/${bookmark.id}`, { label: 'Renewal price' });
    expect(updated.status).toBe(200);
    expect(Bookmark.parse(updated.body)).toEqual({ ...bookmark, label: 'Renewal price' });

    const deleted = await api('DELETE', `${base()}/${onboarding.id}`);
    expect(Bookmark.parse(deleted.body).id).toBe(onboarding.id);
    expect((await api('GET', `${base()}/${onboarding.id}`)).status).toBe(404);
    await api('DELETE', `${base()}/${bookmark.id}`);
  });

  it('refuses bad bookmarks with a 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...renewal(), description: '' }, '"description" is not allowed to be empty'],
      [{ ...renewal(), label: ' ' }, '"label" is not allowed to be empty'],
      [{ ...renewal(), beginTimeOffset: -1 }, 'beginTimeOffset'],
      [{ ...renewal(), duration: 1.5 }, 'duration'],
      [{ ...renewal(), messageRefs: [{ id: '1234' }] }, '1234 is not a message of this conversation'],
      [{ ...renewal(), user: undefined }, 'user'],
    ];
    for (const [body, text] of cases) {
      const response = await api('POST', base(), body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body)).toContain(text.replaceAll('"', '\\"'));
    }
    expect((await api('GET', base())).body.bookmarks).toEqual([]);
  });

  it('caps the bookmarks of a conversation', async () => {
    for (let i = 0; i < 3; i++) expect((await api('POST', base(), renewal())).status).toBe(201);
    const over = await api('POST', base(), renewal());
    expect(over.status).toBe(400);
    expect(over.body.message).toContain('at most 3 bookmarks');
    for (const b of (await api('GET', base())).body.bookmarks) await api('DELETE', `${base()}/${b.id}`);
  });

  it('keeps bookmarks to their app and conversation, and deletes them with the conversation', async () => {
    const bookmark = (await api('POST', base(), renewal())).body;
    const foreign = [
      await api('GET', base(), undefined, otherToken),
      await api('POST', base(), renewal(), otherToken),
      await api('GET', `${base()}/${bookmark.id}`, undefined, otherToken),
      await api('PUT', `${base()}/${bookmark.id}`, { label: 'x' }, otherToken),
      await api('DELETE', `${base()}/${bookmark.id}`, undefined, otherToken),
      await api('GET', `${base()}/${bookmark.id}/summary`, undefined, otherToken),
      await api('GET', `/v1/conversations/${conversationId}/bookmarks-summary`, undefined, otherToken),
    ];
    expect(foreign.map((r) => r.status)).toEqual(Array(7).fill(404));
    expect((await api('GET', `${base()}/${bookmark.id}`)).body.label).toBe('Renewal');

    const second = await api('POST', '/v1/process/text', {
      messages: [timedLine('Ben', 'Another conversation entirely.', 0, 2)],
    });
    await waitForJob(t.url, t.token, second.body.jobId);
    expect(
      (await api('GET', `/v1/conversations/${second.body.conversationId}/bookmarks/${bookmark.id}`)).status,
    ).toBe(404);

    expect((await api('DELETE', `/v1/conversations/${conversationId}`)).status).toBe(200);
    expect(await t.server.store.listBookmarks(t.appId, conversationId)).toEqual([]);
  });
});
