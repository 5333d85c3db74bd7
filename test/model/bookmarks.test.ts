import { describe, expect, it } from 'vitest';
import {
  Bookmark,
  BookmarkSummaryResponse,
  BookmarksEnvelope,
  BookmarksSummaryResponse,
  CreateBookmarkRequest,
  UpdateBookmarkRequest,
} from '../../src/model/bookmarks.ts';
import { parse } from '../../src/model/parse.ts';
import { assertMalformedNamed, assertRoundTrip, issuesOf } from './streamingSchemaProperties.ts';

describe('properties', () => {
  const schemas = {
    Bookmark,
    CreateBookmarkRequest,
    UpdateBookmarkRequest,
    BookmarksEnvelope,
    BookmarkSummaryResponse,
    BookmarksSummaryResponse,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} round-trips through JSON`, () => assertRoundTrip(schema, name, 30));
  }
  const breakable = {
    Bookmark,
    CreateBookmarkRequest,
  };
  for (const [name, schema] of Object.entries(breakable)) {
    it(`a malformed ${name} names the broken path`, () => assertMalformedNamed(schema, name, 30));
  }
});

describe('bookmarks', () => {
  it("reject an empty bookmark description with the Go SDK's message", () => {
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
});
