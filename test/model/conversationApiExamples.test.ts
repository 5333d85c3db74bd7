import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AnalyticsResponse } from '../../src/model/analytics.ts';
import {
  Conversation,
  ConversationDeleteResponse,
  ConversationList,
  ConversationUpdateResponse,
} from '../../src/model/conversation.ts';
import { ConfirmationMessage, Person, Sentiment } from '../../src/model/conversationCommon.ts';
import { EntitiesResponse, EntitiesResponseAnyShape } from '../../src/model/entities.ts';
import {
  ActionItemsResponse,
  FollowUpsResponse,
  InsightsResponse,
  QuestionsResponse,
} from '../../src/model/insights.ts';
import { MembersResponse, MemberUpdateRequest, MemberUpdateResponse } from '../../src/model/members.ts';
import { MessagesResponse } from '../../src/model/messages.ts';
import { parse } from '../../src/model/parse.ts';
import { SpeakerEventsRequest, SpeakerEventsResponse } from '../../src/model/speakerEvents.ts';
import { SummaryResponse } from '../../src/model/summary.ts';
import { TopicsResponse } from '../../src/model/topics.ts';
import {
  TrackersDetectedResponse,
  TrackersDetectedResponseAnyShape,
} from '../../src/model/trackersDetected.ts';
import { FormattedTranscriptResponse } from '../../src/model/transcript.ts';
import { specExamples } from '../support/specExamples.ts';

/*
 * Every ```json block of spec/conversation-api.md, in order, with the schema(s) it must satisfy.
 * Adding an example to the spec without mapping it here fails the count check.
 */
const schemasByExample: ReadonlyArray<readonly [heading: string, schemas: readonly z.ZodType[]]> = [
  ['1.4 Sentiment object', [Sentiment]],
  ['2. GET /v1/conversations — list', [ConversationList]],
  ['3. GET /v1/conversations/{conversationId}', [Conversation]],
  ['4. PUT /v1/conversations/{conversationId} — update metadata', [ConversationUpdateResponse]],
  ['5. DELETE /v1/conversations/{conversationId}', [ConversationDeleteResponse]],
  ['5. DELETE /v1/conversations/{conversationId}', [ConfirmationMessage]],
  ['6. GET .../messages — transcript (speech-to-text)', [MessagesResponse]],
  ['7. GET .../topics', [TopicsResponse]],
  ['8. GET .../questions', [QuestionsResponse]],
  ['9. GET .../action-items', [ActionItemsResponse]],
  ['10. GET .../follow-ups', [FollowUpsResponse]],
  ['11. GET .../insights (legacy combined list)', [InsightsResponse]],
  ['12. GET .../members', [MembersResponse]],
  ['13. PUT .../members/{memberId}', [MemberUpdateRequest]],
  ['13. PUT .../members/{memberId}', [MemberUpdateResponse]],
  ['14. PUT .../speakers — speaker events', [SpeakerEventsRequest]],
  ['14. PUT .../speakers — speaker events', [SpeakerEventsResponse]],
  // A heading of the examples file, quoted as it stands there.
  ['15.1 Shape served by this spec (DOCS 2022, PY 2024)', [EntitiesResponse, EntitiesResponseAnyShape]],
  [
    '16. GET .../trackers-detected (and legacy .../trackers)',
    [TrackersDetectedResponse, TrackersDetectedResponseAnyShape],
  ],
  ['17. GET .../analytics', [AnalyticsResponse]],
  ['18. GET (or POST) .../summary', [SummaryResponse]],
  ['19. POST .../transcript — formatted transcript', [FormattedTranscriptResponse]],
  ['19. POST .../transcript — formatted transcript', [FormattedTranscriptResponse]],
];

const examples = specExamples('conversation-api.md');

describe('conversation-api.md examples', () => {
  it('are all mapped to a schema (23 blocks)', () => {
    expect(examples).toHaveLength(23);
    expect(schemasByExample).toHaveLength(examples.length);
    expect(examples.map((example) => example.heading)).toEqual(schemasByExample.map(([heading]) => heading));
  });

  it.each(examples.map((example) => [`${example.line} ${example.heading}`, example] as const))(
    'line %s parses',
    (_, example) => {
      for (const schema of schemasByExample[example.index]![1]) {
        expect(() => parse(schema, example.value, `example at line ${example.line}`)).not.toThrow();
      }
    },
  );

  it('keep the fields the examples show (loose responses lose nothing)', () => {
    for (const example of examples) {
      const [, schemas] = schemasByExample[example.index]!;
      const parsed = parse(schemas[0]!, example.value, `example at line ${example.line}`);
      expect(parsed).toMatchObject(example.value as object);
    }
  });

  it('person variants of 1.3 all parse', () => {
    const variants = [
      { name: 'Ben', email: 'ben@example.com' },
      { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Speaker 2' },
      { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', email: 'ben@example.com', name: 'Ben' },
      {},
      { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Ben', userId: 'ben@example.com' },
    ];
    for (const variant of variants) expect(parse(Person, variant, 'person')).toEqual(variant);
  });
});
