import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectActionItems } from '../../../src/engine/nlp/detectActionItems.ts';
import { ana, ben, messagesOf } from './messagesOf.ts';

// Monday 2024-03-04, 07:00 at UTC-8 (timezoneOffset 480).
const context = { startTime: '2024-03-04T15:00:00.000Z', timezoneOffset: 480, members: [ben, ana] };

describe('detectActionItems', () => {
  it('finds a request and a commitment with assignees, due dates and follow-up type', () => {
    const messages = messagesOf([
      [ben, 'Can you send me the renewal quote by Friday?'],
      [ana, 'Sure, I will email it tomorrow.'],
    ]);
    const items = detectActionItems(messages, context);
    expect(items.map((i) => [i.messageIds[0], i.type, i.assignee.name, i.dueBy, i.definitive])).toEqual([
      ['m0-0', 'follow_up', 'Ana', '2024-03-08T00:00:00.000-08:00', false],
      ['m1-0', 'follow_up', 'Ana', '2024-03-05T00:00:00.000-08:00', true],
    ]);
    expect(items[1]).toMatchObject({
      id: 'a-m1-0',
      text: 'Sure, I will email it tomorrow.',
      from: { id: 'ana', name: 'Ana', userId: 'ana@example.com' },
      assignee: { id: 'ana', name: 'Ana', email: 'ana@example.com' },
      entities: [{ type: 'date', text: 'tomorrow', offset: 22, value: '2024-03-05' }],
      phrases: [{ type: 'action_phrase', text: 'email it' }],
      isFollowUp: true,
    });
  });

  it('assigns to a member named as the subject and marks the person entity', () => {
    const [item] = detectActionItems(
      messagesOf([[ben, 'Ana will prepare the renewal quote for Ben tomorrow.']]),
      context,
    );
    expect(item).toMatchObject({
      type: 'action_item',
      assignee: { id: 'ana', name: 'Ana' },
      phrases: [{ type: 'action_phrase', text: 'prepare the renewal quote for Ben' }],
      isFollowUp: false,
    });
    expect(item!.entities.filter((e) => e.type === 'person')).toEqual([
      { type: 'person', text: 'Ana', offset: 0, value: { name: 'Ana', assignee: true } },
      { type: 'person', text: 'Ben', offset: 39, value: { name: 'Ben' } },
    ]);
  });

  it('sends imperatives to the person addressed', () => {
    const items = detectActionItems(
      messagesOf([
        [ana, 'I looked at the numbers.'],
        [ben, 'Great. Please write a summary of the pricing changes by Thursday.'],
      ]),
      context,
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      assignee: { name: 'Ana' },
      definitive: true,
      dueBy: '2024-03-07T00:00:00.000-08:00',
    });
  });

  it.each([
    'Yes, I will do that.',
    'I think it will be fine.',
    'Should we invite someone from Microsoft?',
    "Let's get started.",
    'You should have received a message.',
    'We lost two large accounts last month.',
    'Can you tell me a little about your company?',
  ])('finds no action item in %s', (text) => {
    expect(detectActionItems(messagesOf([[ben, text]]), context)).toEqual([]);
  });

  it('never throws on odd input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), (text, tail) => {
        const items = detectActionItems(messagesOf([[ben, `I will ${text} ${tail}`]]), context);
        for (const item of items) expect(item.score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100, seed: 11 },
    );
  });
});
