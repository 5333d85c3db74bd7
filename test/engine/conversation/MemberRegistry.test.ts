import { describe, expect, it } from 'vitest';
import { MemberRegistry } from '../../../src/engine/conversation/MemberRegistry.ts';

describe('MemberRegistry', () => {
  it('resolves a speaker by id, email, userId or name, and learns fields it lacked', () => {
    const registry = new MemberRegistry('c1', [{ name: 'Ana' }]);
    const ana = registry.resolve({ name: 'ana', email: 'ana@example.com' });
    expect(ana.created).toBe(false);
    expect(ana.member).toMatchObject({ name: 'Ana', email: 'ana@example.com' });
    expect(registry.resolve({ userId: 'ANA@example.com' }).member).toBe(ana.member);
    expect(registry.resolve({ email: 'ana@example.com', name: 'Someone else' }).member).toBe(ana.member);
    const ben = registry.resolve({ id: 'spk-2' });
    expect(ben).toMatchObject({ created: true, member: { name: 'Speaker 2' } });
    expect(registry.resolve({ id: 'SPK-2' }).member).toBe(ben.member);
    expect(registry.members.map((m) => m.name)).toEqual(['Ana', 'Speaker 2']);
    expect(registry.names()).toEqual(['Ana', 'Speaker 2']);
  });

  it('gives member ids as UUIDs derived from the conversation, keeping UUIDs it is given', () => {
    const a = new MemberRegistry('c1').resolve({ name: 'Ana' }).member.id;
    expect(new MemberRegistry('c1').resolve({ name: 'Ana' }).member.id).toBe(a);
    expect(new MemberRegistry('c2').resolve({ name: 'Ana' }).member.id).not.toBe(a);
    const given = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    expect(new MemberRegistry('c1').resolve({ id: given, name: 'Ana' }).member.id).toBe(given);
  });

  it('gathers speakers without identity into one unknown speaker kept out of the member list', () => {
    const registry = new MemberRegistry('c1');
    const first = registry.resolve(undefined);
    expect(first.created).toBe(false);
    expect(registry.resolve({}).member).toBe(first.member);
    expect(registry.resolve({ name: '  ' }).member).toBe(first.member);
    expect(first.member).toMatchObject({ name: 'Unknown Speaker', unknown: true });
    expect(registry.members).toEqual([]);
    expect(registry.all).toEqual([first.member]);
  });
});
