import { describe, expect, it } from 'vitest';
import {
  AbstractTopicsResponse,
  Bookmark,
  BookmarkSummaryResponse,
  BookmarksEnvelope,
  BookmarksSummaryResponse,
  BulkCreateEntitiesRequest,
  BulkCreateGroupsRequest,
  CallScore,
  ComprehensiveActionItem,
  ComprehensiveActionItemsResponse,
  ConversationGroup,
  CreateBookmarkRequest,
  CreateGroupRequest,
  ExperienceMediaUrlRequest,
  ExperienceRequest,
  ExperienceResponse,
  GroupCriteria,
  GroupEnvelope,
  GroupsEnvelope,
  InsightsJobStatus,
  InsightsUiQuery,
  InsightsUiUrl,
  isExperienceRequestBody,
  ManagedEntityDefinition,
  ManagedEntityDefinitionEnvelope,
  ManagedEntityDefinitionInput,
  ManagedEntityDefinitionsEnvelope,
  UpdateBookmarkRequest,
  UpdateGroupRequest,
} from '../../src/model/other.ts';
import { parse } from '../../src/model/parse.ts';
import { specExamples } from '../support/specExamples.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

const examples = specExamples('trackers-and-other.md');

describe('trackers-and-other.md examples', () => {
  it('has the 3 examples the trackers and other tests map', () => {
    expect(examples).toHaveLength(3);
  });

  it('the Experience API response parses', () => {
    expect(examples[1]!.heading).toMatch(/^3\. Experience API/);
    expect(parse(ExperienceResponse, examples[1]!.value, 'experience')).toEqual(examples[1]!.value);
  });

  it('the Labs comprehensive action items parse', () => {
    expect(examples[2]!.heading).toMatch(/^7\. Labs/);
    expect(parse(ComprehensiveActionItemsResponse, examples[2]!.value, 'comprehensive action items')).toEqual(
      examples[2]!.value,
    );
  });
});

describe('properties', () => {
  const schemas = {
    ConversationGroup,
    CreateGroupRequest,
    BulkCreateGroupsRequest,
    UpdateGroupRequest,
    GroupEnvelope,
    GroupsEnvelope,
    ExperienceRequest,
    ExperienceResponse,
    ExperienceMediaUrlRequest,
    CallScore,
    InsightsJobStatus,
    InsightsUiUrl,
    Bookmark,
    CreateBookmarkRequest,
    UpdateBookmarkRequest,
    BookmarksEnvelope,
    BookmarkSummaryResponse,
    BookmarksSummaryResponse,
    ManagedEntityDefinition,
    ManagedEntityDefinitionInput,
    BulkCreateEntitiesRequest,
    ManagedEntityDefinitionEnvelope,
    ManagedEntityDefinitionsEnvelope,
    ComprehensiveActionItemsResponse,
    AbstractTopicsResponse,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 30));
  }
  const breakable = {
    ConversationGroup,
    ExperienceRequest,
    CallScore,
    Bookmark,
    CreateBookmarkRequest,
    ManagedEntityDefinition,
    ManagedEntityDefinitionInput,
    ComprehensiveActionItem,
  };
  for (const [name, schema] of Object.entries(breakable)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 30));
  }
});

describe('conversation groups', () => {
  const criteria = 'conversation.metadata.agentId==johndoe and conversation.metadata.customerId==88338833';

  it('accept the documented criteria and read a numeric id as a string', () => {
    expect(parse(CreateGroupRequest, { name: 'Team "A"_1-x', criteria }, 'group')).toEqual({
      name: 'Team "A"_1-x',
      criteria,
    });
    expect(parse(ConversationGroup, { id: 5, name: 'g', criteria }, 'group').id).toBe('5');
  });

  it.each([
    ['conversation.metadata.a==1 or conversation.metadata.b==2', 'OR is not supported'],
    ['conversation.metadata.a==1,conversation.metadata.b==2', 'OR is not supported'],
    [
      'conversation.metadata.a==1;conversation.metadata.b==2;conversation.metadata.c==3',
      'at most 2 distinct fields',
    ],
  ])('reject criteria %j', (text, message) => {
    expect(issuesOf(GroupCriteria, text)[0]!.message).toContain(message);
  });

  it('allow commas inside parentheses and quotes (RSQL =in= lists)', () => {
    expect(GroupCriteria.safeParse('conversation.metadata.agentId=in=(ana,ben)').success).toBe(true);
    expect(GroupCriteria.safeParse("conversation.metadata.note=='a, b or c'").success).toBe(true);
  });

  it.each([
    [{ name: 'a/b', criteria }, 'name'],
    [{ name: 'x'.repeat(129), criteria }, 'name'],
    [{ name: 'ok', description: 'd'.repeat(513), criteria }, 'description'],
    [{ name: 'ok' }, 'criteria'],
  ])('reject %j at %s', (body, path) => {
    expect(issuesOf(CreateGroupRequest, body).map((i) => i.path)).toContain(path);
  });
});

describe('Experience API', () => {
  it('needs videoUrl for video-summary and audioUrl (or audioURL) for audio-summary', () => {
    expect(issuesOf(ExperienceRequest, { name: 'video-summary' })[0]!.path).toBe('videoUrl');
    expect(issuesOf(ExperienceRequest, { name: 'audio-summary' })[0]!.path).toBe('audioUrl');
    expect(
      parse(ExperienceRequest, { name: 'audio-summary', audioURL: 'https://a.example/x.wav' }, 'e'),
    ).toEqual({
      name: 'audio-summary',
      audioUrl: 'https://a.example/x.wav',
    });
  });

  it('reads the full option set', () => {
    const body = {
      name: 'verbose-text-summary',
      logo: 'https://a.example/logo.png',
      color: { background: '#ffffff', topicsFilter: '#FF0000' },
      font: { family: 'roboto' },
      summaryURLExpiresIn: 0,
      readOnly: true,
      enableCustomDomain: false,
    };
    expect(parse(ExperienceRequest, body, 'e')).toEqual(body);
  });

  it.each([
    [{ name: 'pdf-summary' }, 'name'],
    [{ name: 'verbose-text-summary', color: { background: 'white' } }, 'color.background'],
    [{ name: 'verbose-text-summary', summaryURLExpiresIn: -1 }, 'summaryURLExpiresIn'],
    [{ name: 'video-summary', videoUrl: 'file:///etc/passwd' }, 'videoUrl'],
    [
      { name: 'audio-summary', audioUrl: 'https://a.example/x', enableCustomDomain: true },
      'enableCustomDomain',
    ],
  ])('rejects %j at %s', (body, path) => {
    expect(issuesOf(ExperienceRequest, body).map((i) => i.path)).toContain(path);
  });

  it('tells a GO experience body posted to /summary from a summary refresh', () => {
    expect(isExperienceRequestBody({ name: 'video-summary', videoUrl: 'https://v' })).toBe(true);
    expect(isExperienceRequestBody({})).toBe(false);
    expect(isExperienceRequestBody(undefined)).toBe(false);
    expect(isExperienceRequestBody([{ name: 'x' }])).toBe(false);
  });
});

describe('GO-only families', () => {
  it('read a call score with nested feedback', () => {
    const score = {
      score: 82,
      summary: 'Good call',
      criteria: [
        {
          name: 'Empathy',
          score: 90,
          summary: 's',
          feedback: { positive: { summary: 'p' }, negative: { summary: 'n' } },
        },
      ],
    };
    expect(parse(CallScore, score, 'callscore')).toEqual(score);
    // A query string: the flag arrives as text (not property-tested: arbitraries of looseBoolean's
    // string arm are too slow to generate).
    expect(parse(InsightsUiQuery, { includeCallScore: 'true' }, 'q')).toEqual({ includeCallScore: true });
    expect(parse(InsightsUiQuery, { includeCallScore: false }, 'q')).toEqual({ includeCallScore: false });
    expect(issuesOf(InsightsUiQuery, { includeCallScore: 'yes' })[0]!.path).toBe('includeCallScore');
  });

  it("reject an empty bookmark description with GO's message", () => {
    const body = {
      label: 'Pricing',
      description: '',
      user: { name: 'Ana' },
      beginTimeOffset: 5,
      duration: 10,
      messageRefs: [{ id: '1' }],
    };
    expect(issuesOf(CreateBookmarkRequest, body)).toEqual([
      { path: 'description', message: '"description" is not allowed to be empty' },
    ]);
    expect(parse(UpdateBookmarkRequest, { label: 'New' }, 'b')).toEqual({ label: 'New' });
  });

  it('need at least one value per managed entity', () => {
    expect(
      issuesOf(BulkCreateEntitiesRequest, [{ type: 't', subType: 's', category: 'c', values: [] }])[0]!.path,
    ).toBe('[0].values');
  });
});
