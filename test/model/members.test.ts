import { describe, expect, it } from 'vitest';
import {
  Member,
  MembersResponse,
  MemberUpdateRequest,
  MemberUpdateResponse,
  memberUpdateRequestFor,
} from '../../src/model/members.ts';
import { parse } from '../../src/model/parse.ts';
import { checkMalformed, checkRoundTrip, expectInvalidAt } from './conversationSchemaProperties.ts';

const update = { id: '9d6d34d9-5019-4694-9c9a-8ba7bfc8cfab', name: 'Dana', email: 'dana@example.com' };

describe('members', () => {
  it('survive a JSON round trip', () => {
    for (const schema of [Member, MembersResponse, MemberUpdateRequest, MemberUpdateResponse]) {
      checkRoundTrip(schema, 'members', 40);
    }
  });

  it('name the broken field of a malformed member, response or update', () => {
    for (const schema of [Member, MembersResponse, MemberUpdateRequest, MemberUpdateResponse]) {
      checkMalformed(schema, 'members', {}, 40);
    }
  });

  it('member: id and name required, email optional, extras kept', () => {
    expect(parse(Member, { id: 'x', name: 'Speaker 2', userId: 'u' }, 'member')).toEqual({
      id: 'x',
      name: 'Speaker 2',
      userId: 'u',
    });
    expectInvalidAt(Member, { name: 'Speaker 2' }, 'member', 'id');
    expectInvalidAt(Member, { id: 'x' }, 'member', 'name');
  });

  it('update request: strict, email checked, name not blank', () => {
    expect(parse(MemberUpdateRequest, update, 'member update')).toEqual(update);
    const { email: _, ...withoutEmail } = update;
    expect(parse(MemberUpdateRequest, withoutEmail, 'member update')).toEqual(withoutEmail);
    expectInvalidAt(MemberUpdateRequest, { ...update, email: 'not an email' }, 'member update', 'email');
    expectInvalidAt(MemberUpdateRequest, { ...update, name: '  ' }, 'member update', 'name');
    expectInvalidAt(MemberUpdateRequest, { ...update, role: 'admin' }, 'member update', '');
    expectInvalidAt(MemberUpdateRequest, { id: update.id }, 'member update', 'name');
  });

  it('update request for a path id: a body id that differs is rejected at id', () => {
    expect(parse(memberUpdateRequestFor(update.id), update, 'member update')).toEqual(update);
    expectInvalidAt(memberUpdateRequestFor('someone-else'), update, 'member update', 'id');
  });
});
