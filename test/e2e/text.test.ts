import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextPayload } from '../../src/async/TextApi.ts';
import { NotFoundError } from '../../src/errors/NotFoundError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { formattedTranscriptText } from '../../src/model/transcript.ts';
import { type E2eRig, startE2eRig } from './e2eServer.ts';

const renewal: TextPayload = {
  name: 'Renewal call',
  detectEntities: true,
  enableSummary: true,
  trackers: [{ name: 'Pricing', vocabulary: ['price', 'quote'] }],
  messages: [
    {
      payload: { content: 'Hi Ana, this is Ben. Can you send me the renewal quote by Friday?' },
      from: { userId: 'ben@example.com', name: 'Ben' },
      duration: { startTime: '2026-03-02T15:00:00.000Z', endTime: '2026-03-02T15:00:06.000Z' },
    },
    {
      payload: { content: 'Sure, I will email the quote to you tomorrow.' },
      from: { userId: 'ana@example.com', name: 'Ana' },
      duration: { startTime: '2026-03-02T15:00:07.000Z', endTime: '2026-03-02T15:00:11.000Z' },
    },
    {
      payload: { content: 'What is the price of the premium plan?' },
      from: { userId: 'ben@example.com', name: 'Ben' },
      duration: { startTime: '2026-03-02T15:00:12.000Z', endTime: '2026-03-02T15:00:15.000Z' },
    },
  ],
};

let rig: E2eRig;
let conversationId: string;

beforeAll(async () => {
  rig = await startE2eRig();
});
afterAll(async () => {
  await rig?.stop();
});

describe('text jobs through the client against a real server', () => {
  it('Text.process: the Job emits scheduled or in_progress, then completed, and completes', async () => {
    const job = rig.client.text.process(renewal);
    const statuses = await lastValueFrom(job.pipe(toArray()));
    expect(statuses.at(-1)?.status).toBe('completed');
    expect(new Set(statuses.map((s) => s.status)).size).toBe(statuses.length);
    conversationId = await job.conversationId();
    expect(conversationId).toMatch(/^\d+$/);
    expect(await job.jobId()).toBe(statuses[0]?.id);
    // The job's handle reads the same conversation.
    const conversation = await firstValueFrom(job.conversation.getConversation());
    expect(conversation.id).toBe(conversationId);
    expect(conversation.name).toBe('Renewal call');
  });

  it('reads every Conversation API resource of the text conversation', async () => {
    const api = rig.client.conversation(conversationId);
    const { messages } = await firstValueFrom(api.getMessages({ sentiment: true }));
    expect(messages.map((m) => m.text).join(' ')).toMatch(/renewal quote by Friday/);
    expect(messages.every((m) => m.sentiment !== undefined)).toBe(true);
    const { members } = await firstValueFrom(api.getMembers());
    expect(members.map((m) => m.name).sort()).toEqual(['Ana', 'Ben']);
    const { questions } = await firstValueFrom(api.getQuestions());
    expect(questions.some((q) => /price of the premium plan/.test(q.text))).toBe(true);
    const { actionItems } = await firstValueFrom(api.getActionItems());
    const { followUps } = await firstValueFrom(api.getFollowUps());
    // Ana's commitment is an action item or, since it answers a request, a follow-up.
    expect([...actionItems, ...followUps].some((a) => /email the quote/i.test(a.text))).toBe(true);
    const { insights } = await firstValueFrom(api.getInsights());
    expect(insights.length).toBeGreaterThanOrEqual(questions.length + actionItems.length);
    const { topics } = await firstValueFrom(api.getTopics({ parentRefs: true }));
    expect(topics.length).toBeGreaterThan(0);
    const { entities } = await firstValueFrom(api.getEntities());
    expect(entities.some((e) => e.type === 'date')).toBe(true);
    const trackers = await firstValueFrom(api.getTrackers());
    expect(trackers.map((t) => t.name)).toContain('Pricing');
  });

  it('reads analytics, the summary and the formatted transcript', async () => {
    const api = rig.client.conversation(conversationId);
    const analytics = await firstValueFrom(api.getAnalytics());
    expect(analytics.members.map((m) => m.name).sort()).toEqual(['Ana', 'Ben']);
    expect(analytics.metrics.map((m) => m.type)).toContain('total_talk_time');
    const { summary } = await firstValueFrom(api.getSummary());
    expect(summary.length).toBeGreaterThan(0);
    const markdown = await firstValueFrom(api.getFormattedTranscript({ showSpeakerSeparation: true }));
    expect(formattedTranscriptText(markdown.transcript)).toMatch(/Ben: .*renewal quote/);
    const srt = await firstValueFrom(api.getFormattedTranscript({ contentType: 'text/srt' }));
    expect(formattedTranscriptText(srt.transcript)).toMatch(/^1\n00:00:00,000 --> /);
  });

  it('renames a member and re-attributes speech from speaker events', async () => {
    const api = rig.client.conversation(conversationId);
    const { members } = await firstValueFrom(api.getMembers());
    const ben = members.find((m) => m.name === 'Ben')!;
    await firstValueFrom(
      api.updateMember(ben.id, { id: ben.id, name: 'Benjamin', email: 'ben@example.com' }),
    );
    const renamed = await firstValueFrom(api.getMessages());
    expect(renamed.messages.some((m) => m.from.name === 'Benjamin')).toBe(true);
    expect(renamed.messages.some((m) => m.from.name === 'Ben')).toBe(false);
    await firstValueFrom(
      api.updateSpeakerEvents({
        speakerEvents: [
          {
            type: 'started_speaking',
            user: { id: 'dana', name: 'Dana', email: 'dana@example.com' },
            offset: { seconds: 0, nanos: 0 },
          },
          {
            type: 'stopped_speaking',
            user: { id: 'dana', name: 'Dana', email: 'dana@example.com' },
            offset: { seconds: 20, nanos: 0 },
          },
        ],
      }),
    );
    const reattributed = await firstValueFrom(api.getMessages());
    expect(reattributed.messages.every((m) => m.from.name === 'Dana')).toBe(true);
    // A body whose id differs from the path is refused before anything is sent.
    await expect(
      firstValueFrom(api.updateMember(ben.id, { id: 'someone-else', name: 'X' })),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('Text.append adds messages to the same conversation', async () => {
    const before = await firstValueFrom(rig.client.conversations.getMessages(conversationId));
    const job = rig.client.text.append(
      {
        messages: [
          {
            payload: { content: 'Thanks, that works for me.' },
            from: { name: 'Ben', userId: 'ben@example.com' },
          },
        ],
      },
      conversationId,
    );
    await lastValueFrom(job);
    expect(await job.conversationId()).toBe(conversationId);
    const after = await firstValueFrom(rig.client.conversations.getMessages(conversationId));
    expect(after.messages.length).toBeGreaterThan(before.messages.length);
    expect(after.messages.at(-1)?.text).toMatch(/that works for me/);
  });

  it('updates metadata, lists, and deletes a conversation', async () => {
    const job = rig.client.text.process({ messages: [{ payload: { content: 'A short note to delete.' } }] });
    await lastValueFrom(job);
    const id = await job.conversationId();
    const updated = await firstValueFrom(
      rig.client.conversations.updateConversation(id, { metadata: { agentId: 'ana' } }),
    );
    expect(updated.metadata).toEqual({ agentId: 'ana' });
    const { conversations } = await firstValueFrom(rig.client.conversations.list({ limit: 100 }));
    expect(conversations.map((c) => c.id)).toContain(id);
    await firstValueFrom(rig.client.conversations.deleteConversation(id));
    await expect(firstValueFrom(rig.client.conversations.getConversation(id))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('manages trackers and detects a managed tracker referenced by id', async () => {
    const trackers = rig.client.trackers;
    const { tracker } = await firstValueFrom(trackers.create({ name: 'Churn', vocabulary: ['cancel'] }));
    const bulk = await firstValueFrom(trackers.createMany([{ name: 'Hiring', vocabulary: ['interview'] }]));
    expect(bulk.trackers.map((t) => t.name)).toEqual(['Hiring']);
    expect((await firstValueFrom(trackers.get(tracker.id))).tracker.name).toBe('Churn');
    const updated = await firstValueFrom(trackers.update(tracker.id, { vocabulary: ['cancel my plan'] }));
    expect(updated.tracker.vocabulary).toEqual(['cancel my plan', 'cancel']);
    const patched = await firstValueFrom(
      trackers.patch(tracker.id, [{ op: 'add', path: '/vocabulary/-', value: 'close the account' }]),
    );
    expect(patched.tracker.vocabulary).toContain('close the account');
    expect((await firstValueFrom(trackers.list('Churn'))).trackers.map((t) => t.id)).toEqual([tracker.id]);

    const job = rig.client.text.process({
      trackers: [{ id: tracker.id }],
      messages: [
        { payload: { content: 'I want to cancel my plan before the next invoice.' }, from: { name: 'Eve' } },
      ],
    });
    await lastValueFrom(job);
    const detected = await firstValueFrom(job.conversation.getTrackers());
    expect(detected.map((t) => t.name)).toEqual(['Churn']);

    expect((await firstValueFrom(trackers.delete(tracker.id))).deleted).toBe(true);
    await expect(firstValueFrom(trackers.get(tracker.id))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects a malformed payload before sending, naming the field', async () => {
    const job = rig.client.text.process({ messages: [] });
    const error = await lastValueFrom(job).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toContain('messages');
  });
});
