import { describe, expect, it } from 'vitest';
import { formatConversationMarkdown } from '../../src/cli/formatConversationMarkdown.ts';
import { formatConversationText } from '../../src/cli/formatConversationText.ts';
import { ConversationAggregate } from '../../src/engine/conversation/ConversationAggregate.ts';

function snapshot() {
  const aggregate = new ConversationAggregate({ startTime: '2026-03-02T15:00:00Z', name: 'Renewal <call>' });
  aggregate.ingestAll([
    { text: 'Can you send me the renewal quote by Friday?', speaker: { name: 'Ben' }, start: 1, end: 4 },
    { text: 'Sure, I will send the *final* quote tomorrow.', speaker: { name: 'Ana' }, start: 65, end: 69 },
  ]);
  return aggregate.snapshot();
}

describe('conversation views', () => {
  it('prints the transcript with times and speakers, then insight sections', () => {
    const text = formatConversationText(snapshot());
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Transcript',
      '  [00:01] Ben: Can you send me the renewal quote by Friday?',
      '  [01:05] Ana: Sure, I will send the *final* quote tomorrow.',
    ]);
    expect(text).toMatch(/\nQuestions\n {2}- Can you send me the renewal quote by Friday\?\n/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('writes a Markdown document with the speech escaped', () => {
    const md = formatConversationMarkdown(snapshot());
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Renewal \\<call\\>');
    expect(lines[2]).toBe('Recorded 2026-03-02 15:00:00 UTC');
    expect(md).toContain(
      '## Transcript\n\n`00:01` **Ben:** Can you send me the renewal quote by Friday?\n\n',
    );
    expect(md).toContain('**Ana:** Sure, I will send the \\*final\\* quote tomorrow.');
    expect(md).toMatch(/\n## Questions\n\n- Can you send me the renewal quote by Friday\?\n/);
  });
});
