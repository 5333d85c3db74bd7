import type { StreamingEvent } from '../../src/streaming/StreamingEvent.ts';

/** Small, schema-valid streaming events for marble tests. */
export const ev = {
  started: { type: 'message', message: { type: 'started_listening' } },
  created: (conversationId = 'c1') => ({
    type: 'message',
    message: { type: 'conversation_created', data: { conversationId } },
  }),
  result: (text: string, isFinal: boolean, punctuated?: string) => ({
    type: 'message',
    message: {
      type: 'recognition_result',
      isFinal,
      payload: { raw: { alternatives: [{ transcript: text }] } },
      ...(punctuated === undefined ? {} : { punctuated: { transcript: punctuated } }),
      user: { name: 'Ben' },
    },
  }),
  messages: (...ids: string[]) => ({
    type: 'message_response',
    messages: ids.map((id) => ({ id, from: { name: 'Ben' }, payload: { content: `text ${id}` } })),
  }),
  insights: (...items: [string, 'action_item' | 'question' | 'follow_up'][]) => ({
    type: 'insight_response',
    insights: items.map(([id, type]) => ({ id, type, text: id, payload: { content: id } })),
  }),
  topics: (...ids: string[]) => ({
    type: 'topic_response',
    topics: ids.map((id) => ({ id, phrases: `phrase ${id}` })),
  }),
  trackers: (isFinal: boolean, name: string, messageId: string) => ({
    type: 'tracker_response',
    isFinal,
    trackers: [
      {
        name,
        matches: [
          {
            type: 'vocabulary',
            value: 'price',
            messageRefs: [{ id: messageId, text: 'the price', offset: 4 }],
            insightRefs: [],
          },
        ],
      },
    ],
  }),
  completed: (conversationId = 'c1') => ({
    type: 'message',
    message: { type: 'conversation_completed', conversationId, data: { conversationId } },
  }),
} satisfies Record<string, StreamingEvent | ((...args: never[]) => StreamingEvent)>;

/** One session's events, in the order a server sends them, on a marble timeline (keys of {@link values}). */
export const session = '-s-c-p-f-m-i-t-r-k-d|';
export const values: Record<string, StreamingEvent> = {
  s: ev.started,
  c: ev.created('c42'),
  p: ev.result('can you', false, 'Can you'),
  f: ev.result('can you send it', true),
  m: ev.messages('m1', 'm2'),
  i: ev.insights(['i1', 'question'], ['i2', 'action_item']),
  t: ev.topics('t1'),
  r: ev.trackers(false, 'Pricing', 'm1'),
  k: ev.trackers(true, 'Pricing', 'm2'),
  d: ev.completed('c42'),
};
