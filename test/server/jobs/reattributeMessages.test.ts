import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/errors/NotFoundError.ts';
import type { ConversationMessage } from '../../../src/model/messages.ts';
import { planMemberUpdate, reattributeMessages } from '../../../src/server/jobs/reattributeMessages.ts';

const START = Date.parse('2024-03-04T15:00:00.000Z');
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString();
const message = (
  id: string,
  from: ConversationMessage['from'],
  start: number,
  end: number,
): ConversationMessage => ({
  id,
  text: id,
  from,
  startTime: at(start),
  endTime: at(end),
  conversationId: '1',
  phrases: [],
});
const ana = { id: '3fa85f64-5717-4562-b3fc-2c963f66afa6', name: 'Ana', email: 'ana@example.com' };
const ben = { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Ben' };
const event = (type: string, id: string, seconds: number) => ({
  type,
  user: { id, name: id.toUpperCase() },
  offset: { seconds, nanos: 0 },
});

describe('planMemberUpdate', () => {
  it('renames, merges by email (case-insensitive) into the existing member, and refuses unknown ids', () => {
    expect(planMemberUpdate([ana, ben], ben.id, { name: 'Benjamin' }).members).toEqual([
      ana,
      { id: ben.id, name: 'Benjamin' },
    ]);
    const merge = planMemberUpdate([ana, ben], ben.id, { name: 'Ana B.', email: 'ANA@example.com' });
    expect(merge.mergedFrom).toBe(ben.id);
    expect(merge.members).toEqual([{ id: ana.id, name: 'Ana B.', email: 'ana@example.com' }]);
    expect([...merge.replaced].sort()).toEqual([ana.id, ben.id].sort());
    // Setting a member's own email again is an update, not a merge.
    expect(
      planMemberUpdate([ana, ben], ana.id, { name: 'Ana', email: ana.email }).mergedFrom,
    ).toBeUndefined();
    expect(() => planMemberUpdate([ana], ben.id, { name: 'X' })).toThrow(NotFoundError);
  });
});

describe('reattributeMessages with speaker events', () => {
  it('counts a stop without a start from 0, places instants by containment, and keeps uncovered messages', () => {
    const messages = [
      message('m0', ana, 1, 3),
      message('m1', ana, 4, 4),
      message('m2', ben, 8, 9),
      message('m3', ben, 30, 31),
    ];
    const result = reattributeMessages(
      {
        type: 'speaker-events',
        speakerEvents: [
          event('stopped_speaking', 'x', 5),
          event('started_speaking', 'y', 7),
          event('stopped_speaking', 'y', 10),
        ],
      },
      messages,
      [ana, ben],
      START,
    );
    expect(result.messages.map((m) => m.from.id)).toEqual(['x', 'x', 'y', ben.id]);
    // Ana no longer speaks and is not in the timeline; Ben keeps m3.
    expect(result.members.map((m) => m.id)).toEqual([ben.id, 'x', 'y']);
  });

  it('maps a timeline user to the member with the same id or email, updating its name', () => {
    const result = reattributeMessages(
      {
        type: 'speaker-events',
        speakerEvents: [
          {
            type: 'started_speaking',
            user: { id: 'zoom-1', name: 'Ana Lopez', email: 'ana@example.com' },
            offset: { seconds: 0 },
          },
        ],
      },
      [message('m0', ben, 1, 2)],
      [ana, ben],
      START,
    );
    expect(result.messages[0]!.from).toEqual({ id: ana.id, name: 'Ana Lopez', email: 'ana@example.com' });
    expect(result.members).toEqual([{ id: ana.id, name: 'Ana Lopez', email: 'ana@example.com' }]);
  });
});
