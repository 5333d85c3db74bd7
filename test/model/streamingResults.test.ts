import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import {
  EntityResponse,
  InsightResponse,
  MessageResponse,
  StreamingInsight,
  StreamingMessage,
  StreamingTopic,
  StreamingTracker,
  TopicResponse,
  TrackerResponse,
} from '../../src/model/streamingResults.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

describe('result message properties', () => {
  const schemas = { MessageResponse, InsightResponse, TopicResponse, TrackerResponse, EntityResponse };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 40));
  }
  const items = { StreamingMessage, StreamingInsight, StreamingTopic, StreamingTracker, TrackerResponse };
  for (const [name, schema] of Object.entries(items)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 40));
  }
});

describe('result messages', () => {
  it("accept the documentation reference's minimal message (from + payload only)", () => {
    const frame = { type: 'message_response', messages: [{ from: {}, payload: { content: 'Hi.' } }] };
    expect(parse(MessageResponse, frame, 'message_response')).toEqual(frame);
  });

  it('keep the wire quirks: topic phrases is one string, hint values are strings', () => {
    expect(issuesOf(StreamingTopic, { id: 't', phrases: ['a'] }).map((i) => i.path)).toEqual(['phrases']);
    const insight = {
      id: 'i',
      type: 'question',
      text: 'Why?',
      payload: { content: 'Why?' },
      hints: [{ key: 'confidenceScore', value: 0.9 }],
    };
    expect(issuesOf(StreamingInsight, insight).map((i) => i.path)).toEqual(['hints[0].value']);
  });

  it('reads doubly nested tag values for dates, persons and other entities', () => {
    const tags = [
      { type: 'date', text: 'tomorrow', beginOffset: 3, value: { value: { datetime: '2024-03-05' } } },
      { type: 'person', text: 'Ana', beginOffset: 0, value: { value: { name: 'Ana', assignee: true } } },
      { type: 'number', text: 'five', beginOffset: 9, value: { value: { number: 5 } } },
    ];
    const insight = { id: 'i', type: 'action_item', text: 'x', payload: { content: 'x' }, tags };
    expect(parse(StreamingInsight, insight, 'insight').tags).toEqual(tags);
  });

  it('accepts offset -1 (non-exact match) and rejects lower offsets', () => {
    const tracker = (offset: number) => ({
      name: 'Pricing',
      matches: [
        {
          type: 'vocabulary',
          value: 'price',
          messageRefs: [{ id: 'm', text: 'the price', offset }],
          insightRefs: [],
        },
      ],
    });
    expect(StreamingTracker.safeParse(tracker(-1)).success).toBe(true);
    expect(issuesOf(StreamingTracker, tracker(-2))[0]!.path).toBe('matches[0].messageRefs[0].offset');
  });

  it('rejects an insight type the stream never sends', () => {
    const insight = { id: 'i', type: 'topic', text: 'x', payload: { content: 'x' } };
    expect(issuesOf(StreamingInsight, insight)[0]!.path).toBe('type');
  });
});
