import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsResponse } from '../../src/model/analytics.ts';
import { SummaryResponse } from '../../src/model/summary.ts';
import { FormattedTranscriptResponse } from '../../src/model/transcript.ts';
import { call, startTestServer, type TestServer, timedLine, waitForJob } from './support/testServer.ts';

let t: TestServer;
let conversationId: string;
let messageIds: string[];

beforeAll(async () => {
  t = await startTestServer();
  const submit = await call(t.url, 'POST', '/v1/process/text', {
    token: t.token,
    json: {
      name: 'Renewal call',
      detectPhrases: 'true',
      enableSummary: 'true',
      messages: [
        timedLine('Ben', 'Can you send me the renewal quote by Friday?', 0, 4),
        timedLine('Ana', 'Sure, I will email the renewal quote to you tomorrow.', 5, 9),
        timedLine('Ben', 'The price stays at 500 dollars per month.', 10, 14),
        timedLine(
          'Ana',
          'We need to set up a call with Dana tomorrow afternoon to review the renewal.',
          15,
          21,
        ),
      ],
    },
  });
  conversationId = submit.body.conversationId;
  expect(await waitForJob(t.url, t.token, submit.body.jobId)).toBe('completed');
  const messages = await call(t.url, 'GET', `/v1/conversations/${conversationId}/messages`, {
    token: t.token,
  });
  messageIds = messages.body.messages.map((m: { id: string }) => m.id);
});
afterAll(async () => {
  await t.stop();
});

describe('GET …/analytics', () => {
  it('reports talk, silence and overlap from the message timings, per member', async () => {
    const response = await call(t.url, 'GET', `/v1/conversations/${conversationId}/analytics`, {
      token: t.token,
    });
    expect(response.status).toBe(200);
    const analytics = AnalyticsResponse.parse(response.body);
    const metric = (type: string) => analytics.metrics.find((m) => m.type === type);
    // 21 s in all: 18 s of speech, 3 one-second gaps, nobody speaking over anyone.
    expect(metric('total_talk_time')).toMatchObject({ seconds: 18, percent: 85.714 });
    expect(metric('total_silence')).toMatchObject({ seconds: 3, percent: 14.286 });
    expect(metric('total_overlap')).toMatchObject({ seconds: 0 });
    const ben = analytics.members.find((m) => m.name === 'Ben')!;
    const ana = analytics.members.find((m) => m.name === 'Ana')!;
    expect(ben.talkTime).toEqual({ seconds: 8, percentage: 44.444 });
    expect(ana.talkTime).toEqual({ seconds: 10, percentage: 55.556 });
    expect(ben.listenTime.percentage + ben.talkTime.percentage).toBeCloseTo(100, 5);
    expect(ben.userId).toBe('ben@example.com');
    expect(ben.pace.wpm).toBeGreaterThan(100);
  });

  it('answers 404 for an unknown conversation', async () => {
    const unknown = await call(t.url, 'GET', '/v1/conversations/1234567890123456/analytics', {
      token: t.token,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('The conversationId is either invalid or does not exist.');
  });
});

describe('GET and POST …/summary', () => {
  it('serves the summary with references to the stored messages, by both methods and with refresh', async () => {
    const get = await call(t.url, 'GET', `/v1/conversations/${conversationId}/summary`, { token: t.token });
    expect(get.status).toBe(200);
    const { summary } = SummaryResponse.parse(get.body);
    expect(summary.length).toBeGreaterThan(0);
    for (const item of summary) {
      expect(item.id).toMatch(/^\d{16}$/);
      expect(item.text.length).toBeGreaterThan(10);
      for (const ref of item.messageRefs) expect(messageIds).toContain(ref.id);
    }
    const post = await call(t.url, 'POST', `/v1/conversations/${conversationId}/summary?refresh=true`, {
      token: t.token,
    });
    expect(post.status).toBe(200);
    expect(post.body).toEqual(get.body);
    const refreshFalse = await call(
      t.url,
      'POST',
      `/v1/conversations/${conversationId}/summary?refresh=false`,
      {
        token: t.token,
      },
    );
    expect(refreshFalse.body).toEqual(get.body);
    const badRefresh = await call(t.url, 'GET', `/v1/conversations/${conversationId}/summary?refresh=maybe`, {
      token: t.token,
    });
    expect(badRefresh.status).toBe(400);
    expect(badRefresh.body.message).toContain('refresh');
  });

  it('answers 404 while the conversation is still being processed (analytics: empty lists)', async () => {
    const slow = await startTestServer({
      runner: {
        run: () => new Promise(() => {}),
      },
      jobGraceMs: 0,
    });
    try {
      const submit = await call(slow.url, 'POST', '/v1/process/text', {
        token: slow.token,
        json: { messages: [{ payload: { content: 'Hello there.' } }] },
      });
      const summary = await call(slow.url, 'GET', `/v1/conversations/${submit.body.conversationId}/summary`, {
        token: slow.token,
      });
      expect(summary.status).toBe(404);
      expect(summary.body.message).toMatch(/still being processed/);
      const analytics = await call(
        slow.url,
        'GET',
        `/v1/conversations/${submit.body.conversationId}/analytics`,
        {
          token: slow.token,
        },
      );
      expect(analytics.status).toBe(200);
      expect(analytics.body).toEqual({ metrics: [], members: [] });
    } finally {
      await slow.stop();
    }
  });

  it('answers the Go SDK’s Summary-UI body on POST as an experience request (a page URL)', async () => {
    const response = await call(t.url, 'POST', `/v1/conversations/${conversationId}/summary`, {
      token: t.token,
      json: { name: 'verbose-text-summary' },
    });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('verbose-text-summary');
    expect(response.body.url).toMatch(new RegExp(`^${t.url}/pages/conversations/${conversationId}\\?grant=`));
  });
});

describe('POST …/transcript', () => {
  const transcript = async (json: unknown, query = '') => {
    const response = await call(t.url, 'POST', `/v1/conversations/${conversationId}/transcript${query}`, {
      token: t.token,
      json,
    });
    return response;
  };

  it('renders markdown sentences with speakers and insight key phrases marked', async () => {
    const response = await transcript({
      contentType: 'text/markdown',
      showSpeakerSeparation: 'true',
      phrases: { highlightOnlyInsightKeyPhrases: true },
    });
    expect(response.status).toBe(200);
    const { transcript: body } = FormattedTranscriptResponse.parse(response.body);
    expect(body.contentType).toBe('text/markdown');
    expect(body.payload).toBe(
      'Ben: Can you <mark>send me the renewal quote</mark> by Friday?<br/><br/>' +
        'Ana: Sure, I will <mark>email the renewal quote to you</mark> tomorrow.<br/><br/>' +
        'Ben: The price stays at 500 dollars per month.<br/><br/>' +
        'Ana: We need to <mark>set up a call with Dana</mark> tomorrow afternoon to review the renewal.<br/><br/>',
    );
    const plain = await transcript({ contentType: 'text/markdown' });
    expect(plain.body.transcript.payload).toBe(
      'Can you send me the renewal quote by Friday?<br/><br/>Sure, I will email the renewal quote to you tomorrow.<br/><br/>' +
        'The price stays at 500 dollars per month.<br/><br/>We need to set up a call with Dana tomorrow afternoon to review the renewal.<br/><br/>',
    );
  });

  it('renders SRT cues with zero-padded times from the conversation start, options from the query', async () => {
    const response = await transcript(undefined, '?contentType=text%2Fsrt&showSpeakerSeparation=true');
    expect(response.status).toBe(200);
    expect(response.body.transcript.payload.contentType).toBe('text/srt');
    const cues = (response.body.transcript.payload.content as string).split('\n\n');
    expect(cues).toHaveLength(4);
    expect(cues[0]).toBe(
      '1\n00:00:00,000 --> 00:00:04,000\nBen: Can you send me the renewal quote by Friday?',
    );
    expect(cues[3]).toBe(
      '4\n00:00:15,000 --> 00:00:21,000\nAna: We need to set up a call with Dana tomorrow afternoon to review the renewal.',
    );
  });

  it('renders WebVTT (a Parley extension) with voice spans, in the SRT payload shape', async () => {
    const response = await transcript({ contentType: 'text/vtt', showSpeakerSeparation: true });
    expect(response.status).toBe(200);
    expect(response.body.transcript.payload.contentType).toBe('text/vtt');
    const content = response.body.transcript.payload.content as string;
    expect(content.startsWith('WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\n<v Ben>Can you send me')).toBe(
      true,
    );
    expect(content.split('\n\n')).toHaveLength(5);
  });

  it('groups consecutive sentences of one speaker into paragraphs', async () => {
    const submit = await call(t.url, 'POST', '/v1/process/text', {
      token: t.token,
      json: {
        messages: [
          timedLine('Ben', 'Hello Ana. I have two questions.', 0, 4),
          timedLine('Ben', 'First, the price.', 4.5, 6),
          timedLine('Ana', 'Go ahead.', 7, 8),
          timedLine('Ana', 'I am listening.', 20, 21),
        ],
      },
    });
    expect(await waitForJob(t.url, t.token, submit.body.jobId)).toBe('completed');
    const response = await call(t.url, 'POST', `/v1/conversations/${submit.body.conversationId}/transcript`, {
      token: t.token,
      json: { contentType: 'text/markdown', createParagraphs: true, showSpeakerSeparation: true },
    });
    expect(response.body.transcript.payload).toBe(
      'Ben: Hello Ana. I have two questions. First, the price.<br/><br/>Ana: Go ahead.<br/><br/>Ana: I am listening.<br/><br/>',
    );
  });

  it('refuses a missing or unknown contentType, unknown keys and non-boolean flags with 400 naming them', async () => {
    const missing = await transcript({});
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('contentType');
    const unknown = await transcript({ contentType: 'text/html' });
    expect(unknown.status).toBe(400);
    const extra = await transcript({ contentType: 'text/srt', colour: 'red' });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('colour');
    const flag = await transcript({ contentType: 'text/srt', createParagraphs: 'sometimes' });
    expect(flag.status).toBe(400);
    expect(flag.body.message).toContain('createParagraphs');
    const notJson = await call(t.url, 'POST', `/v1/conversations/${conversationId}/transcript`, {
      token: t.token,
      body: '{"contentType":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });
});
