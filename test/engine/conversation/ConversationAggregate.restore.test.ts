import { describe, expect, it } from 'vitest';
import {
  listConversationScripts,
  loadConversationScript,
} from '../../../scripts/fixtures/loadConversationScript.ts';
import { ConversationAggregate } from '../../../src/engine/conversation/ConversationAggregate.ts';
import type { ConversationOptions } from '../../../src/engine/conversation/ConversationOptions.ts';
import { ConflictError } from '../../../src/errors/ConflictError.ts';
import { ValidationError } from '../../../src/errors/ValidationError.ts';
import { scriptUtterances } from '../nlp/scriptMessages.ts';

function optionsFor(name: string): ConversationOptions {
  const script = loadConversationScript(name);
  return {
    conversationId: '5815170693595136',
    name: script.name,
    startTime: script.startTime,
    trackers: script.trackers ?? [],
    detectPhrases: true,
    detectEntities: true,
  };
}

describe('ConversationAggregate.restore', () => {
  it.each(listConversationScripts().slice(0, 3))(
    '%s: restoring the stored messages gives the same snapshot, ids included, and appends continue it',
    (name) => {
      const options = optionsFor(name);
      const utterances = scriptUtterances(loadConversationScript(name));
      const original = new ConversationAggregate(options);
      original.ingestAll(utterances);
      const stored = original.snapshot();

      const restored = new ConversationAggregate(options);
      restored.restore(stored.messages);
      expect(restored.snapshot()).toEqual(stored);

      // An append after a restore: earlier messages keep their ids, new ones get their own.
      original.ingest({ id: 'extra', text: 'Thanks everyone, talk soon.', speaker: { name: 'Guest' } });
      restored.ingest({ id: 'extra', text: 'Thanks everyone, talk soon.', speaker: { name: 'Guest' } });
      const appended = restored.snapshot();
      expect(appended).toEqual(original.snapshot());
      expect(appended.members.map((m) => m.name)).toContain('Guest');
    },
  );

  it('resolves each restored message to the member its `from` names, by member id first', () => {
    const aggregate = new ConversationAggregate({
      conversationId: '1',
      startTime: '2024-03-04T15:00:00.000Z',
      members: [
        { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Ana' },
        // Same display name, another member: must not be folded into the first.
        { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', name: 'Ana' },
      ],
    });
    const message = (id: string, memberId: string, second: number) => ({
      id,
      text: 'Can you send the quote?',
      from: { id: memberId, name: 'Ana' },
      startTime: `2024-03-04T15:00:0${second}.000Z`,
      endTime: `2024-03-04T15:00:0${second + 1}.000Z`,
    });
    aggregate.restore([
      message('m1', '7c9e6679-7425-40de-944b-e07fc1f90ae7', 0),
      message('m2', '3fa85f64-5717-4562-b3fc-2c963f66afa6', 2),
      { ...message('m3', 'x', 4), from: {} },
    ]);
    const snapshot = aggregate.snapshot();
    expect(snapshot.members.map((m) => m.id)).toEqual([
      '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    ]);
    expect(snapshot.messages.map((m) => m.from.id)).toEqual([
      '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      undefined,
    ]);
    expect(snapshot.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(snapshot.questions.map((q) => q.messageIds[0])).toEqual(['m1', 'm2', 'm3']);
    expect(() => aggregate.restore([message('m1', 'x', 6)])).toThrow(ConflictError);
    expect(() => aggregate.restore([{ ...message('m9', 'x', 6), startTime: 'soon' }])).toThrow(
      ValidationError,
    );
  });
});
