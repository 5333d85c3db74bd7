import { PII_TYPES } from '../../../src/engine/redaction/PiiSpan.ts';
import { call, type JsonResponse, type TestServer } from './testServer.ts';

/*
 * Redaction is checked the way a privacy review would: identifiers are planted in a conversation,
 * then every response the API gives about it is searched for them.
 */

/** What is planted, and every form it could be served in. */
export const PLANTED = {
  name: ['Dana Whitfield', 'Whitfield'],
  email: ['dana.whitfield@example.com'],
  phone: ['(415) 555-0123', '4155550123', '555-0123'],
  card: ['4111 1111 1111 1111', '4111111111111111'],
  ssn: ['123-45-6789', '123456789'],
  iban: ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
  address: ['742 Evergreen Terrace', 'Evergreen Terrace'],
};
const ALL_FORMS = Object.values(PLANTED).flat();

/** The planted forms a text contains (case-insensitive). */
export const leaks = (text: string): string[] =>
  ALL_FORMS.filter((form) => text.toLowerCase().includes(form.toLowerCase()));

/** Identification lists the values on messages and insights (what it is for): `{"type":"SSN",...}`. */
const IDENTIFIED = new RegExp(`\\{"type":"(?:${PII_TYPES.join('|')})"[^{}]*\\}`, 'g');

/** `served` (JSON texts) with the identified-entity objects taken out: every other place must hold none. */
export function leaksOutsideIdentified(served: readonly string[]): string[] {
  return served.flatMap((text) => {
    const rest = text.replace(IDENTIFIED, '{}');
    return leaks(rest).map((form) => `${form} in ${rest.slice(0, 2000)}`);
  });
}

/**
 * Every response the API gives about a conversation: each resource with each query option, each
 * transcript format, a bookmark and its summaries, the conversation list and (given) the job.
 */
export async function everyResponse(
  t: TestServer,
  conversationId: string,
  jobId?: string,
): Promise<JsonResponse[]> {
  const api = (method: string, path: string, json?: unknown) =>
    call(t.url, method, path, { token: t.token, ...(json === undefined ? {} : { json }) });
  const base = `/v1/conversations/${conversationId}`;
  const bookmark = await api('POST', `${base}/bookmarks`, {
    label: 'Payment',
    description: 'card and bank details',
    user: { name: 'Ben' },
    beginTimeOffset: 0,
    duration: 60,
    messageRefs: [],
  });
  const gets = [
    base,
    `${base}/messages`,
    `${base}/messages?verbose=true&sentiment=true`,
    `${base}/topics`,
    `${base}/topics?parentRefs=true`,
    `${base}/topics?sentiment=true`,
    `${base}/questions`,
    `${base}/action-items`,
    `${base}/follow-ups`,
    `${base}/insights`,
    `${base}/members`,
    `${base}/entities`,
    `${base}/trackers-detected`,
    `${base}/analytics`,
    `${base}/summary`,
    `${base}/summary?refresh=true`,
    `${base}/callscore`,
    `${base}/bookmarks`,
    `${base}/bookmarks/${bookmark.body.id}/summary`,
    `${base}/bookmarks-summary`,
    ...(jobId === undefined ? [] : [`/v1/job/${jobId}`]),
    '/v1/conversations',
  ];
  const responses = [bookmark];
  for (const path of gets) responses.push(await api('GET', path));
  for (const contentType of ['text/markdown', 'text/srt', 'text/vtt']) {
    for (const showSpeakerSeparation of [true, false]) {
      responses.push(
        await api('POST', `${base}/transcript`, {
          contentType,
          createParagraphs: true,
          showSpeakerSeparation,
          phrases: { highlightAllKeyPhrases: true },
        }),
      );
    }
  }
  return responses;
}
