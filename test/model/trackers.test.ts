import { describe, expect, it } from 'vitest';
import { parse } from '../../src/model/parse.ts';
import {
  BulkCreateTrackersRequest,
  CreateTrackerRequest,
  CreateTrackersBody,
  DeletedResource,
  ManagedTracker,
  mergeVocabulary,
  PatchTrackerRequest,
  TrackerEnvelope,
  TrackerPatchOperation,
  TrackersEnvelope,
  UpdateTrackerRequest,
} from '../../src/model/trackers.ts';
import { specExamples } from '../support/specExamples.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

const examples = specExamples('trackers-and-other.md');

describe('trackers-and-other.md tracker example', () => {
  it('is the first of the file (experiences.test.ts and labs.test.ts map the rest)', () => {
    expect(examples[0]!.heading).toMatch(/^1\.1 /);
  });

  it('parses as a {"tracker"} envelope', () => {
    expect(parse(TrackerEnvelope, examples[0]!.value, 'tracker')).toEqual(examples[0]!.value);
  });

  it('is also a valid create body once the server-set id is dropped', () => {
    const { id: _, ...body } = (examples[0]!.value as { tracker: Record<string, unknown> }).tracker;
    expect(parse(CreateTrackerRequest, body, 'tracker')).toEqual(body);
  });
});

describe('properties', () => {
  const schemas = {
    ManagedTracker,
    TrackerEnvelope,
    TrackersEnvelope,
    DeletedResource,
    CreateTrackerRequest,
    BulkCreateTrackersRequest,
    CreateTrackersBody,
    UpdateTrackerRequest,
    TrackerPatchOperation,
    PatchTrackerRequest,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 40));
  }
  const breakable = { ManagedTracker, TrackerEnvelope, DeletedResource, TrackerPatchOperation };
  for (const [name, schema] of Object.entries(breakable)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 40));
  }
});

describe('vocabulary rules', () => {
  it("allows letters, digits, blanks and . ' -", () => {
    const vocabulary = ["what's the price", 'e-mail', 'v2.0', 'précio', 'is there a cheaper plan'];
    expect(parse(CreateTrackerRequest, { name: 'Pricing', vocabulary }, 'tracker').vocabulary).toEqual(
      vocabulary,
    );
  });

  it.each(['how much?', 'price, cost', 'wow!', 'note: this', 'a/b', '  '])(
    'rejects the phrase %j',
    (phrase) => {
      expect(
        issuesOf(CreateTrackerRequest, { name: 'Pricing', vocabulary: ['ok', phrase] }).map((i) => i.path),
      ).toEqual(['vocabulary[1]']);
    },
  );

  it('rejects duplicates at the repeated entry, and an empty vocabulary', () => {
    const issues = issuesOf(CreateTrackerRequest, { name: 'P', vocabulary: ['price', 'cost', 'price'] });
    expect(issues).toEqual([{ path: 'vocabulary[2]', message: 'duplicate phrase "price"' }]);
    expect(issuesOf(CreateTrackerRequest, { name: 'P', vocabulary: [] })[0]!.path).toBe('vocabulary');
  });

  it('keeps names case-sensitive and requires one', () => {
    expect(parse(CreateTrackerRequest, { name: 'pricing', vocabulary: ['x'] }, 't').name).toBe('pricing');
    expect(issuesOf(CreateTrackerRequest, { name: ' ', vocabulary: ['x'] })[0]!.path).toBe('name');
  });
});

describe('both generations of POST /v1/manage/trackers', () => {
  it('reads a bare array as a bulk create (documentation) and an object as a single create (Go SDK)', () => {
    const one = { name: 'Pricing', vocabulary: ['price'], categories: ['sales'], languages: ['en-US'] };
    expect(
      parse(CreateTrackersBody, [one, { name: 'Churn', vocabulary: ['cancel'] }], 'trackers'),
    ).toHaveLength(2);
    expect(parse(CreateTrackersBody, one, 'trackers')).toEqual(one);
    expect(issuesOf(BulkCreateTrackersRequest, [])[0]!.path).toBe('');
    expect(issuesOf(BulkCreateTrackersRequest, [{ name: 'A', vocabulary: ['x?'] }])[0]!.path).toBe(
      '[0].vocabulary[0]',
    );
  });
});

describe('updates', () => {
  it('PUT needs a name or a vocabulary', () => {
    expect(parse(UpdateTrackerRequest, { id: 4476908732794496, vocabulary: ['fee'] }, 'update')).toEqual({
      id: '4476908732794496',
      vocabulary: ['fee'],
    });
    expect(issuesOf(UpdateTrackerRequest, { id: '1' })[0]!.message).toBe('expected name or vocabulary');
  });

  it("merges vocabularies as the documentation's sample shows: new first, then old, no duplicates", () => {
    expect(mergeVocabulary(['price', 'discount'], ['fee', 'price'])).toEqual(['fee', 'price', 'discount']);
  });

  it('PATCH accepts the supported operations', () => {
    const ops = [
      { op: 'replace', path: '/name', value: 'Prices' },
      { op: 'add', path: '/vocabulary/-', value: 'cheaper plan' },
      { op: 'replace', path: '/vocabulary', value: ['fee', 'price'] },
      { op: 'remove', path: '/description' },
      { op: 'remove', path: '/vocabulary', value: ['fee'] },
      { op: 'add', path: '/languages', value: ['en-US'] },
    ];
    expect(parse(PatchTrackerRequest, ops, 'patch')).toEqual(ops);
  });

  it.each([
    [{ op: 'move', path: '/name', value: 'x' }, '[0].op'],
    [{ op: 'replace', path: '/id', value: 'x' }, '[0].path'],
    [{ op: 'replace', path: '/name' }, '[0].value'],
    [{ op: 'remove', path: '/name' }, '[0].op'],
    [{ op: 'replace', path: '/vocabulary/-', value: 'x' }, '[0].op'],
    [{ op: 'add', path: '/vocabulary/-', value: 'why?' }, '[0].value'],
    [{ op: 'replace', path: '/vocabulary', value: ['a', 'a'] }, '[0].value[1]'],
    [{ op: 'replace', path: '/categories', value: 'sales' }, '[0].value'],
  ])('PATCH rejects %j at %s', (operation, path) => {
    expect(issuesOf(PatchTrackerRequest, [operation]).map((i) => i.path)).toContain(path);
  });

  it('PATCH needs at least one operation', () => {
    expect(issuesOf(PatchTrackerRequest, [])).toHaveLength(1);
  });
});

describe('responses', () => {
  it("read the Go SDK's trackers with their extra fields, and numeric ids as strings", () => {
    const tracker = {
      id: 4476908732794496,
      name: 'Pricing',
      vocabulary: ['price'],
      categories: ['sales'],
      languages: ['en-US'],
      createdOn: '2024-03-04T15:00:00Z',
      future: true,
    };
    expect(parse(TrackersEnvelope, { trackers: [tracker] }, 'trackers').trackers[0]).toEqual({
      ...tracker,
      id: '4476908732794496',
    });
    expect(parse(DeletedResource, { id: '1', type: 'tracker', deleted: true }, 'delete').deleted).toBe(true);
  });
});
