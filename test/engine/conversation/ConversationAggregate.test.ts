import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  listConversationScripts,
  loadConversationScript,
} from '../../../scripts/fixtures/loadConversationScript.ts';
import { synthesizeConversation } from '../../../scripts/fixtures/synthesizeConversation.ts';
import { ConversationAggregate } from '../../../src/engine/conversation/ConversationAggregate.ts';
import type { ConversationDelta } from '../../../src/engine/conversation/ConversationDelta.ts';
import type { ConversationOptions } from '../../../src/engine/conversation/ConversationOptions.ts';
import type { ConversationSnapshot } from '../../../src/engine/conversation/ConversationSnapshot.ts';
import type { InputUtterance } from '../../../src/engine/nlp/EngineMessage.ts';
import { ConflictError } from '../../../src/errors/ConflictError.ts';
import { ParleyError } from '../../../src/errors/ParleyError.ts';
import { ValidationError } from '../../../src/errors/ValidationError.ts';
import { AnalyticsResponse } from '../../../src/model/analytics.ts';
import { Conversation } from '../../../src/model/conversation.ts';
import { EntitiesResponse } from '../../../src/model/entities.ts';
import {
  ActionItemsResponse,
  FollowUpsResponse,
  InsightsResponse,
  QuestionsResponse,
} from '../../../src/model/insights.ts';
import { MembersResponse } from '../../../src/model/members.ts';
import { MessagesResponse } from '../../../src/model/messages.ts';
import { parse } from '../../../src/model/parse.ts';
import { SummaryResponse } from '../../../src/model/summary.ts';
import { type Topic, TopicsResponse } from '../../../src/model/topics.ts';
import { TrackersDetectedResponse } from '../../../src/model/trackersDetected.ts';
import { defaultPauseMs, scriptUtterances, secondsPerWord } from '../nlp/scriptMessages.ts';

function optionsFor(name: string): ConversationOptions {
  const script = loadConversationScript(name);
  return {
    name: script.name,
    startTime: script.startTime,
    trackers: script.trackers ?? [],
    detectPhrases: true,
    detectEntities: true,
    customEntities: [{ customType: 'Product', text: 'mobile app' }],
  };
}

function live(options: ConversationOptions, utterances: readonly InputUtterance[]) {
  const aggregate = new ConversationAggregate(options);
  const deltas = utterances.map((u) => aggregate.ingest(u));
  return { aggregate, deltas, snapshot: aggregate.snapshot() };
}

function batch(options: ConversationOptions, utterances: readonly InputUtterance[]): ConversationSnapshot {
  const aggregate = new ConversationAggregate(options);
  aggregate.ingestAll(utterances);
  return aggregate.snapshot();
}

/** Every id a delta mentions must be a message already emitted (in this or an earlier delta). */
function checkDeltaRefs(deltasPerUtterance: readonly ConversationDelta[][]): number {
  const seen = new Set<string>();
  let checked = 0;
  const known = (id: string): void => {
    checked += 1;
    expect(seen.has(id), `message ${id}`).toBe(true);
  };
  for (const deltas of deltasPerUtterance) {
    for (const delta of deltas) {
      if (delta.kind === 'messages') for (const m of delta.messages) seen.add(m.id);
    }
    for (const delta of deltas) {
      if (delta.kind === 'insights') for (const i of delta.insights) i.messageIds.forEach(known);
      if (delta.kind === 'topics') for (const t of delta.topics) t.topic.messageIds.forEach(known);
      if (delta.kind === 'trackers') {
        for (const t of delta.trackers) for (const m of t.matches) for (const r of m.messageRefs) known(r.id);
      }
      if (delta.kind === 'entities')
        for (const e of delta.entities) for (const r of e.messageRefs) known(r.id);
    }
  }
  return checked;
}

function checkWireShapes(snapshot: ConversationSnapshot): void {
  parse(Conversation, snapshot.conversation, 'conversation');
  parse(MessagesResponse, { messages: snapshot.messages }, 'messages');
  parse(TopicsResponse, { topics: snapshot.topics }, 'topics');
  parse(QuestionsResponse, { questions: snapshot.questions }, 'questions');
  parse(ActionItemsResponse, { actionItems: snapshot.actionItems }, 'action items');
  parse(FollowUpsResponse, { followUps: snapshot.followUps }, 'follow-ups');
  parse(InsightsResponse, { insights: snapshot.insights }, 'insights');
  parse(MembersResponse, { members: snapshot.members }, 'members');
  parse(EntitiesResponse, { entities: snapshot.entities }, 'entities');
  parse(TrackersDetectedResponse, snapshot.trackers, 'trackers');
  parse(AnalyticsResponse, snapshot.analytics, 'analytics');
  parse(SummaryResponse, { summary: snapshot.summary }, 'summary');
}

describe('ConversationAggregate on the fixture scripts', () => {
  const names = listConversationScripts();

  it.each(names)('%s: live equals batch, deltas refer to messages, wire shapes parse', (name) => {
    const options = optionsFor(name);
    const utterances = scriptUtterances(loadConversationScript(name));
    const run = live(options, utterances);
    expect(run.snapshot).toEqual(batch(options, utterances));
    expect(checkDeltaRefs(run.deltas)).toBeGreaterThan(run.snapshot.messages.length);
    checkWireShapes(run.snapshot);
    // Every message appears exactly once in the messages deltas, in order.
    const streamed = run.deltas.flat().flatMap((d) => (d.kind === 'messages' ? d.messages : []));
    expect(streamed).toEqual(run.snapshot.messages);
    // Every insight was announced once.
    const announced = run.deltas.flat().flatMap((d) => (d.kind === 'insights' ? d.insights : []));
    expect(announced).toEqual(run.snapshot.insights);
    // Replaying the topics deltas gives the snapshot's topics (scores within the re-send step).
    const latest = new Map<string, Topic>();
    for (const d of run.deltas.flat()) {
      if (d.kind !== 'topics') continue;
      for (const t of d.topics) latest.set(t.topic.id, t.topic);
      for (const id of d.removedTopicIds) latest.delete(id);
    }
    expect([...latest.keys()].sort()).toEqual(run.snapshot.topics.map((t) => t.id).sort());
    for (const topic of run.snapshot.topics) {
      const replayed = latest.get(topic.id);
      expect({ ...replayed, score: 0 }).toEqual({ ...topic, score: 0 });
      expect(Math.abs((replayed?.score ?? 0) - topic.score)).toBeLessThan(0.05);
    }
  });

  it('serves sensible insights for product-planning', () => {
    const script = loadConversationScript('product-planning');
    const { snapshot } = live(optionsFor('product-planning'), scriptUtterances(script));
    expect(snapshot.members.map((m) => m.name)).toEqual(['Maria Garcia', 'James Chen', 'Kevin Patel']);
    expect(snapshot.members.map((m) => m.email)).toEqual(script.speakers.map((s) => s.email));
    expect(snapshot.messages[0]?.startTime).toBe('2026-04-14T16:00:00.000Z');
    expect(snapshot.messages.every((m) => m.conversationId === snapshot.conversation.id)).toBe(true);
    const topicTexts = snapshot.topics.map((t) => t.text);
    for (const topic of ['dashboard', 'mobile app', 'roadmap', 'contractor'])
      expect(topicTexts).toContain(topic);
    // Trackers: every vocabulary the script says verbatim shows up with its offset.
    const budget = snapshot.trackers.find((t) => t.name === 'Budget');
    expect(budget?.matches.map((m) => m.value)).toEqual(['budget', 'money', 'dollars', 'rates']);
    const money = budget?.matches.find((m) => m.value === 'money')?.messageRefs.find((r) => r.offset >= 0);
    expect(money?.text.slice(money.offset, money.offset + 5)).toBe('money');
    const churn = snapshot.trackers.find((t) => t.name === 'Customer churn');
    expect(
      churn?.matches.find((m) => m.value === 'rating dropped')?.messageRefs.map((r) => r.offset),
    ).toEqual([expect.any(Number), -1]);
    // Questions asked in the script are found.
    expect(snapshot.questions.map((q) => q.text)).toContain(
      'How long would it take to build the new dashboard?',
    );
    expect(snapshot.followUps.length + snapshot.actionItems.length).toBeGreaterThanOrEqual(3);
    // Custom entity and phrases.
    expect(snapshot.entities.find((e) => e.type === 'custom')?.customType).toBe('Product');
    expect(snapshot.messages.some((m) => m.phrases.length > 0)).toBe(true);
    // Analytics on the synthetic timeline: 0.3 s per word.
    const words = script.lines.reduce((n, l) => n + l.text.split(/\s+/).length, 0);
    const talk = snapshot.analytics.metrics.find((m) => m.type === 'total_talk_time');
    expect(talk?.seconds).toBeCloseTo(words * secondsPerWord, 2);
    const silence = snapshot.analytics.metrics.find((m) => m.type === 'total_silence');
    expect(silence?.seconds).toBeCloseTo(((script.lines.length - 1) * defaultPauseMs) / 1000, 2);
    expect(snapshot.summary.length).toBeGreaterThan(0);
  });
});

describe('ConversationAggregate on recogniser-style text', () => {
  it('finds topics, trackers and questions in lower-case text without punctuation', () => {
    const script = loadConversationScript('product-planning');
    const bare = (text: string) => text.toLowerCase().replace(/[.,?!]/g, '');
    const utterances = scriptUtterances(script).map((u) => ({
      ...u,
      text: bare(u.text),
      words: u.words?.map((w) => ({ ...w, word: bare(w.word) })),
      recognized: true,
    }));
    const snapshot = batch({ startTime: script.startTime, trackers: script.trackers ?? [] }, utterances);
    const topics = snapshot.topics.map((t) => t.text);
    for (const topic of ['dashboard', 'mobile app', 'roadmap', 'contractor']) expect(topics).toContain(topic);
    const budget = snapshot.trackers.find((t) => t.name === 'Budget');
    expect(budget?.matches.map((m) => m.value)).toEqual(['budget', 'money', 'dollars', 'rates']);
    expect(snapshot.questions.length).toBeGreaterThanOrEqual(4);
    checkWireShapes(snapshot);
  });
});

describe('ConversationAggregate analytics on synthesized speech timings', () => {
  it('reports the talk time, overlap and silence of the flite timeline of support-call', async () => {
    const synthesized = await synthesizeConversation('support-call');
    const names = new Map(synthesized.script.speakers.map((s) => [s.id, s.name]));
    const aggregate = new ConversationAggregate({ startTime: synthesized.script.startTime });
    aggregate.ingestAll(
      synthesized.turns.map((t) => ({
        text: t.text,
        speaker: { id: t.speaker, name: names.get(t.speaker) },
        start: t.start,
        end: t.end,
      })),
    );
    const { analytics } = aggregate.snapshot();
    const spoken = new Map<string, number>();
    for (const t of synthesized.turns) spoken.set(t.speaker, (spoken.get(t.speaker) ?? 0) + t.end - t.start);
    for (const [speaker, seconds] of spoken) {
      expect(analytics.members.find((m) => m.name === names.get(speaker))?.talkTime.seconds).toBeCloseTo(
        seconds,
        2,
      );
    }
    // Overlap is where a turn starts before the previous one ends (the script's negative pauses).
    let overlap = 0;
    synthesized.turns.slice(1).forEach((t, i) => {
      overlap += Math.max(0, (synthesized.turns[i]?.end ?? 0) - t.start);
    });
    const metric = (type: string) => analytics.metrics.find((m) => m.type === type);
    expect(overlap).toBeGreaterThan(0);
    expect(metric('total_overlap')?.seconds).toBeCloseTo(overlap, 2);
    const talked = [...spoken.values()].reduce((a, b) => a + b, 0) - overlap;
    expect(metric('total_talk_time')?.seconds).toBeCloseTo(talked, 2);
    const lastEnd = Math.max(...synthesized.turns.map((t) => t.end));
    expect(metric('total_silence')?.seconds).toBeCloseTo(lastEnd - talked, 2);
    expect(metric('total_overlap')?.percent).toBeCloseTo((overlap / talked) * 100, 2);
  });
});

describe('ConversationAggregate options and input', () => {
  it('filters insights by confidenceThreshold', () => {
    const utterances = scriptUtterances(loadConversationScript('engineering-standup'));
    const all = batch({ confidenceThreshold: 0 }, utterances);
    const strict = batch({ confidenceThreshold: 0.95 }, utterances);
    expect(strict.insights.length).toBeLessThan(all.insights.length);
    expect(strict.insights.every((i) => i.score >= 0.95)).toBe(true);
  });

  it('serves no entities unless asked, and only custom ones when only those are given', () => {
    const utterances = scriptUtterances(loadConversationScript('product-planning'));
    expect(batch({}, utterances).entities).toEqual([]);
    const custom = batch(
      { customEntities: [{ customType: 'Product', text: 'mobile app' }] },
      utterances,
    ).entities;
    expect(custom.map((e) => e.type)).toEqual(['custom']);
  });

  it('makes members from speakers, channels and nothing at all', () => {
    const aggregate = new ConversationAggregate({
      members: [{ name: 'Ana', email: 'ana@example.com' }],
      channels: [{ channel: 1, speaker: { name: 'Ben' } }],
      messageIdStyle: 'uuid',
    });
    const first = aggregate.ingest({
      text: 'Hello, this is Ana.',
      speaker: { email: 'ANA@example.com' },
      start: 0,
      end: 1,
    });
    expect(first.find((d) => d.kind === 'members')).toBeUndefined();
    const second = aggregate.ingest({ text: 'Hi Ana, Ben here.', channel: 1, start: 1, end: 2 });
    expect(second.find((d) => d.kind === 'members')).toMatchObject({ members: [{ name: 'Ben' }] });
    aggregate.ingest({ text: 'Who is speaking now?', start: 2, end: 3 });
    aggregate.ingest({ text: 'A diarized voice.', speaker: { name: 'Speaker 2' }, start: 3, end: 4 });
    const snapshot = aggregate.snapshot();
    expect(snapshot.members.map((m) => m.name)).toEqual(['Ana', 'Ben', 'Speaker 2']);
    expect(snapshot.messages.map((m) => m.from.name)).toEqual(['Ana', 'Ben', undefined, 'Speaker 2']);
    expect(snapshot.messages[2]?.from).toEqual({});
    expect(snapshot.messages[0]?.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(snapshot.analytics.members.map((m) => m.name)).toEqual([
      'Ana',
      'Ben',
      'Unknown Speaker',
      'Speaker 2',
    ]);
    checkWireShapes(snapshot);
  });

  it('resolves dates in the time zone of the conversation and serves due dates with its offset', () => {
    // Thursday 2026-12-10 23:30 UTC: already Friday in Berlin, still Thursday in Los Angeles.
    const said = (timeZone?: string, timezoneOffset?: number) =>
      batch(
        {
          startTime: '2026-12-10T23:30:00Z',
          detectEntities: true,
          ...(timeZone === undefined ? {} : { timeZone }),
          ...(timezoneOffset === undefined ? {} : { timezoneOffset }),
        },
        [{ text: 'I will send you the contract tomorrow.', speaker: { name: 'Ana' }, start: 0, end: 3 }],
      );
    const dueOf = (s: ConversationSnapshot) => {
      const [task] = [...s.actionItems, ...s.followUps];
      return task?.dueBy;
    };
    const utc = said();
    const berlin = said('Europe/Berlin');
    const losAngeles = said('America/Los_Angeles');
    expect(dueOf(utc)).toBe('2026-12-11T00:00:00.000Z');
    expect(dueOf(berlin)).toBe('2026-12-12T00:00:00.000+01:00');
    expect(dueOf(losAngeles)).toBe('2026-12-11T00:00:00.000-08:00');
    expect(berlin.entities.find((e) => e.type === 'date')?.value).toBe('2026-12-12');
    expect(losAngeles.entities.find((e) => e.type === 'date')?.value).toBe('2026-12-11');
    // The spec's timezoneOffset is a fixed zone; timeZone wins over it.
    expect(dueOf(said(undefined, 480))).toBe('2026-12-11T00:00:00.000-08:00');
    expect(dueOf(said('Europe/Berlin', 480))).toBe('2026-12-12T00:00:00.000+01:00');
    // Message times stay instants; the zone changes only what the calendar says.
    expect(berlin.messages[0]?.startTime).toBe(utc.messages[0]?.startTime);
    expect(new ConversationAggregate({ timeZone: 'Europe/Berlin' }).timeZone.name).toBe('Europe/Berlin');
    checkWireShapes(berlin);
  });

  it('rejects bad options and bad utterances with typed errors, and skips empty text', () => {
    expect(() => new ConversationAggregate({ timeZone: 'Mars/Olympus' })).toThrow(ValidationError);
    expect(() => new ConversationAggregate({ timezoneOffset: 2000 })).toThrow(ValidationError);
    expect(() => new ConversationAggregate({ confidenceThreshold: 2 })).toThrow(ValidationError);
    expect(() => new ConversationAggregate({ startTime: 'yesterday-ish' })).toThrow(ValidationError);
    expect(() => new ConversationAggregate({ trackers: [{ name: 'x', vocabulary: [''] }] })).toThrow(
      ValidationError,
    );
    const aggregate = new ConversationAggregate();
    expect(() => aggregate.ingest({ text: 42 } as unknown as InputUtterance)).toThrow(ValidationError);
    expect(() => aggregate.ingest(null as unknown as InputUtterance)).toThrow(ValidationError);
    expect(() => aggregate.ingest({ text: 'ok', start: -1 })).toThrow(ValidationError);
    expect(aggregate.ingest({ id: 'a', text: '   ' })).toEqual([]);
    expect(() => aggregate.ingest({ id: 'a', text: 'again' })).toThrow(ConflictError);
    aggregate.ingest({ text: '\u0000\u200b🎉 ¿qué? 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ...' });
    checkWireShapes(aggregate.snapshot());
  });
});

const sentencePool = [
  'Can you send me the renewal quote by Friday?',
  'I will email the pricing proposal tomorrow.',
  'The dashboard is too slow for our customers.',
  'we lost two accounts because the reports were slow',
  'what is the budget for the mobile app',
  'Let us schedule a meeting with the sales team next week.',
  'The price stays at five hundred dollars per month.',
  'okay',
  'Our login problems started after the release.',
  'please call the agency and ask about their rates',
];

const utteranceArb: fc.Arbitrary<Omit<InputUtterance, 'start' | 'end'> & { gap: number; length: number }> =
  fc.record({
    text: fc.oneof(fc.constantFrom(...sentencePool), fc.string({ maxLength: 40 })),
    speaker: fc.option(
      fc.constantFrom({ name: 'Ana', email: 'ana@example.com' }, { name: 'Ben' }, { userId: 'carl' }),
      {
        nil: undefined,
      },
    ),
    gap: fc.integer({ min: -2, max: 3 }),
    length: fc.integer({ min: 1, max: 6 }),
  });

describe('ConversationAggregate properties', () => {
  it('answers any malformed utterance with a typed error or a result, never a crash', () => {
    const junk = fc.oneof(fc.anything(), fc.string(), fc.double(), fc.constant(undefined));
    const utterance = fc.record(
      {
        id: fc.oneof(fc.string(), junk),
        text: fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom(...sentencePool), junk),
        speaker: fc.oneof(fc.record({ name: fc.string(), email: fc.string() }, { requiredKeys: [] }), junk),
        start: fc.oneof(fc.double(), junk),
        end: fc.oneof(fc.double(), junk),
        channel: fc.oneof(fc.integer(), junk),
        words: fc.oneof(
          fc.array(
            fc.record({
              word: fc.oneof(fc.string(), junk),
              start: fc.oneof(fc.double(), junk),
              end: fc.oneof(fc.double(), junk),
            }),
          ),
          junk,
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(utterance, { maxLength: 5 }), (utterances) => {
        const aggregate = new ConversationAggregate({ detectEntities: true, detectPhrases: true });
        for (const u of utterances) {
          try {
            aggregate.ingest(u as InputUtterance);
          } catch (error) {
            expect(error).toBeInstanceOf(ParleyError);
          }
        }
        checkWireShapes(aggregate.snapshot());
      }),
      { numRuns: 150 },
    );
  });

  it('serves a finite pace for a message whose talk time rounds to zero (denormal end time)', () => {
    // Found by the property above: 1 word over 2e-323 s gave Infinity wpm.
    const aggregate = new ConversationAggregate();
    aggregate.ingest({ text: 'Can you send me the renewal quote by Friday?', end: 2e-323 } as InputUtterance);
    const snapshot = aggregate.snapshot();
    checkWireShapes(snapshot);
    for (const member of snapshot.analytics.members) expect(Number.isFinite(member.pace.wpm)).toBe(true);
  });

  it('feeding utterances one at a time gives the batch snapshot, and deltas only name known messages', () => {
    fc.assert(
      fc.property(fc.array(utteranceArb, { maxLength: 8 }), fc.boolean(), (drafts, timed) => {
        let clock = 0;
        const utterances: InputUtterance[] = drafts.map(({ gap, length, ...u }) => {
          const start = Math.max(0, clock + gap);
          clock = start + length;
          return timed ? { ...u, start, end: start + length } : u;
        });
        const options: ConversationOptions = {
          startTime: '2024-03-04T15:00:00Z',
          trackers: [{ name: 'Pricing', vocabulary: ['price', 'how much does it cost'] }],
          detectEntities: true,
          detectPhrases: true,
        };
        const run = live(options, utterances);
        expect(run.snapshot).toEqual(batch(options, utterances));
        checkDeltaRefs(run.deltas);
        checkWireShapes(run.snapshot);
      }),
      { numRuns: 25 },
    );
  });
});
