import { describe, expect, it } from 'vitest';
import { ConversationRedactor } from '../../../src/engine/redaction/ConversationRedactor.ts';
import { REDACTION_DEFAULTS } from '../../../src/engine/redaction/RedactionSettings.ts';
import type { ConversationMessage } from '../../../src/model/messages.ts';
import type { Topic } from '../../../src/model/topics.ts';

const message = (id: string, text: string): ConversationMessage => ({
  id,
  text,
  from: { name: 'Ana' },
  startTime: '2026-01-01T00:00:00.000Z',
  endTime: '2026-01-01T00:00:05.000Z',
  conversationId: '1',
  phrases: [],
  words: text.split(' ').map((word, i) => ({
    word,
    startTime: `2026-01-01T00:00:0${i % 10}.000Z`,
    endTime: `2026-01-01T00:00:0${i % 10}.500Z`,
  })),
});
const topic = (text: string): Topic => ({ id: '9', text, type: 'topic', score: 1, messageIds: ['a'] });

describe('ConversationRedactor', () => {
  it('redacts what the conversation said wherever it recurs, even where it alone would not show', () => {
    const redactor = new ConversationRedactor({ ...REDACTION_DEFAULTS, redactContent: true });
    const said = redactor.message(
      message('a', 'my name is dana whitfield and I live at 742 evergreen terrace'),
    );
    expect(said.message.text).toBe('my name is **** and I live at ****');
    expect(said.original).toContain('dana whitfield');
    // A surname alone, and the street without its number, in derived resources.
    expect(redactor.topic(topic('whitfield renewal')).text).toBe('**** renewal');
    expect(redactor.topic(topic('evergreen terrace wire')).text).toBe('**** wire');
    expect(redactor.summaryItem({ text: 'Whitfield asked for a quote.' } as never)).toMatchObject({
      text: '**** asked for a quote.',
    });
    // Words: a redacted span is one word, so its length is not told.
    expect(said.message.words?.map((w) => w.word).join(' ')).toBe('my name is **** and I live at ****');
    // Who spoke stays.
    expect(said.message.from).toEqual({ name: 'Ana' });
  });

  it('lists without replacing when only identifying', () => {
    const redactor = new ConversationRedactor({ ...REDACTION_DEFAULTS, identifyContent: true });
    const said = redactor.message(message('a', 'mail me at ana@example.org today'));
    expect(said.message.text).toBe('mail me at ana@example.org today');
    expect(said.message.entities).toEqual([
      { type: 'EMAIL_ADDRESS', value: 'ana@example.org', text: 'ana@example.org', offset: 11 },
    ]);
    expect(redactor.topic(topic('ana@example.org')).text).toBe('ana@example.org');
  });

  it('hides every run of three or more digits in an interim hypothesis, which may end mid-number', () => {
    const redactor = new ConversationRedactor({ ...REDACTION_DEFAULTS, redactContent: true });
    expect(redactor.hypothesis('my card is 4111 1111', [], false).text).toBe('my card is ****');
    expect(redactor.hypothesis('my card is four one one', [], false).text).toBe('my card is ****');
    expect(redactor.hypothesis('we need 12 chairs', [], true).text).toBe('we need 12 chairs');
  });
});
