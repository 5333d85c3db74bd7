import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagesResponse } from '../../src/model/messages.ts';
import { TopicsResponse } from '../../src/model/topics.ts';
import { call, startTestServer, type TestServer, timedLine, waitForJob } from './support/testServer.ts';

let t: TestServer;
let meetingId: string;

const script = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../scripts/fixtures/conversations/sample-meeting.json'), 'utf8'),
) as { lines: Array<{ speaker: string; text: string }> };

beforeAll(async () => {
  t = await startTestServer();
  const submit = await call(t.url, 'POST', '/v1/process/text', {
    token: t.token,
    json: {
      name: 'Launch review',
      messages: script.lines.map((l, i) => timedLine(l.speaker, l.text, i * 6, i * 6 + 5)),
    },
  });
  meetingId = submit.body.conversationId;
  expect(await waitForJob(t.url, t.token, submit.body.jobId)).toBe('completed');
});
afterAll(async () => {
  await t.stop();
});

const get = (path: string) => call(t.url, 'GET', path, { token: t.token });

describe('GET …/messages options', () => {
  it('adds words only with verbose and sentiment only with sentiment, in any boolean spelling', async () => {
    const plain = MessagesResponse.parse(
      (await get(`/v1/conversations/${meetingId}/messages`)).body,
    ).messages;
    // One message per sentence, in order.
    expect(plain.map((m) => m.text).join(' ')).toBe(script.lines.map((l) => l.text).join(' '));
    expect(plain.every((m) => m.words === undefined && m.sentiment === undefined)).toBe(true);
    const both = MessagesResponse.parse(
      (await get(`/v1/conversations/${meetingId}/messages?verbose=TRUE&sentiment=1`)).body,
    ).messages;
    expect(both.map((m) => m.id)).toEqual(plain.map((m) => m.id));
    for (const message of both) {
      expect(message.words!.map((w) => w.word).join(' ')).toBe(message.text);
      // Typed text has no recognition confidence.
      expect(message.words!.every((w) => w.score === undefined)).toBe(true);
      const { score } = message.sentiment!.polarity;
      const expected = score > 0.3 ? 'positive' : score < -0.3 ? 'negative' : 'neutral';
      expect(message.sentiment!.suggested).toBe(expected);
    }
    expect(both.some((m) => m.sentiment!.suggested === 'positive')).toBe(true);
    const wordsOnly = (await get(`/v1/conversations/${meetingId}/messages?verbose=true&sentiment=false`))
      .body;
    expect(wordsOnly.messages[0].sentiment).toBeUndefined();
    expect(wordsOnly.messages[0].words.length).toBeGreaterThan(0);
    expect((await get(`/v1/conversations/${meetingId}/messages?verbose=yes`)).status).toBe(400);
  });
});

describe('GET …/topics options', () => {
  it('fills parentRefs only when asked, with every parent in the list', async () => {
    const flat = TopicsResponse.parse((await get(`/v1/conversations/${meetingId}/topics`)).body).topics;
    expect(flat.length).toBeGreaterThan(3);
    expect(flat.every((topic) => topic.parentRefs?.length === 0 && topic.sentiment === undefined)).toBe(true);
    const tree = TopicsResponse.parse(
      (await get(`/v1/conversations/${meetingId}/topics?parentRefs=true`)).body,
    ).topics;
    expect(tree.map((topic) => topic.id)).toEqual(flat.map((topic) => topic.id));
    const children = tree.filter((topic) => (topic.parentRefs ?? []).length > 0);
    expect(children.length).toBeGreaterThan(0);
    const texts = new Set(tree.map((topic) => topic.text));
    for (const child of children)
      for (const parent of child.parentRefs!) expect(texts).toContain(parent.text);
  });

  it('adds sentiment with sentiment=true (not together with parentRefs) and favours a custom vocabulary', async () => {
    const withSentiment = TopicsResponse.parse(
      (await get(`/v1/conversations/${meetingId}/topics?sentiment=true`)).body,
    ).topics;
    expect(withSentiment.every((topic) => topic.sentiment !== undefined)).toBe(true);
    const favoured = TopicsResponse.parse(
      (await get(`/v1/conversations/${meetingId}/topics?customTopicVocabulary=campaign`)).body,
    ).topics;
    expect(favoured[0]!.text).toContain('campaign');
    // The Go SDK's unquoted list under the older parameter name.
    const goStyle = TopicsResponse.parse(
      (await get(`/v1/conversations/${meetingId}/topics?customVocabulary=[beta,mobile]`)).body,
    ).topics;
    expect(
      goStyle
        .slice(0, 2)
        .map((topic) => topic.text)
        .sort(),
    ).toEqual(['beta test', 'mobile app']);
  });
});

describe('GET /v1/conversations filters', () => {
  it('pages, orders, sorts, bounds by time and filters by metadata', async () => {
    const names = ['Charlie', 'Alpha', 'Bravo'];
    const ids: string[] = [];
    for (const [i, name] of names.entries()) {
      const submit = await call(t.url, 'POST', '/v1/process/text', {
        token: t.token,
        json: {
          name,
          metadata: { team: i === 0 ? 'red' : 'blue', region: 'eu' },
          messages: [
            {
              payload: { content: `Conversation ${name}.` },
              duration: {
                startTime: `2025-01-0${i + 1}T10:00:00.000Z`,
                endTime: `2025-01-0${i + 1}T10:00:05.000Z`,
              },
            },
          ],
        },
      });
      expect(await waitForJob(t.url, t.token, submit.body.jobId)).toBe('completed');
      ids.push(submit.body.conversationId);
    }
    const list = async (query: string) => {
      const response = await get(`/v1/conversations?${query}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return (response.body.conversations as Array<{ id: string; name: string }>).map((c) => c.name);
    };
    const window = 'startTime=2025-01-01T00:00:00Z&endTime=2025-01-31T00:00:00.000Z';
    expect(await list(window)).toEqual(['Charlie', 'Alpha', 'Bravo']);
    expect(await list(`${window}&order=desc`)).toEqual(['Bravo', 'Alpha', 'Charlie']);
    expect(await list(`${window}&sort=conversation.name`)).toEqual(['Alpha', 'Bravo', 'Charlie']);
    expect(await list(`${window}&limit=1&offset=1`)).toEqual(['Alpha']);
    expect(await list(`${window}&limit=0`)).toEqual([]);
    expect(await list('startTime=2025-01-02T00:00:00Z&endTime=2025-01-02T23:59:59Z')).toEqual(['Alpha']);
    const filter = encodeURIComponent('conversation.metadata.team==blue;conversation.metadata.region==eu');
    expect(await list(`${window}&filter=${filter}`)).toEqual(['Alpha', 'Bravo']);
    expect(await list(`${window}&filter=${encodeURIComponent("conversation.metadata.team=='red'")}`)).toEqual(
      ['Charlie'],
    );
    // Default window: the last 7 days, so January 2025 is not listed.
    expect(await list('')).not.toContain('Alpha');
    for (const bad of [
      `filter=${encodeURIComponent('conversation.metadata.team==blue,conversation.metadata.team==red')}`,
      'limit=65537',
      'offset=-1',
      'order=sideways',
      'sort=conversation.colour',
      'startTime=yesterday',
    ]) {
      const response = await get(`/v1/conversations?${bad}`);
      expect(response.status, bad).toBe(400);
      expect(response.body.message.length).toBeGreaterThan(0);
    }
    expect(ids).toHaveLength(3);
  });
});
