import { defer, type Observable } from 'rxjs';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { parse } from '../model/parse.ts';
import { FormattedTranscriptRequest, FormattedTranscriptResponse } from '../model/transcript.ts';
import { conversationPath } from './conversationPath.ts';

/** Options of {@link getFormattedTranscript}; `contentType` defaults to markdown. */
export type FormattedTranscriptOptions = Partial<FormattedTranscriptRequest>;

/**
 * `POST /v1/conversations/{id}/transcript`: the transcript rendered as markdown or SRT. Read the
 * text with `formattedTranscriptText` (model/transcript.ts), whichever payload form the server
 * used. Python SDK 2.0.6: `get_formatted_transcript(conversation_id, parameters)`.
 */
export function getFormattedTranscript(
  http: HttpTransport,
  conversationId: string,
  options: FormattedTranscriptOptions = {},
): Observable<FormattedTranscriptResponse> {
  // Checked on subscribe, so a bad body arrives in the error channel like any other failure.
  return defer(() => {
    const json = parse(
      FormattedTranscriptRequest,
      { contentType: 'text/markdown', ...options },
      'formatted transcript options',
    );
    return http.request(
      { method: 'POST', path: conversationPath(conversationId, 'transcript'), json, idempotent: true },
      FormattedTranscriptResponse,
      'formatted transcript',
    );
  });
}
