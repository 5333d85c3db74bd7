import { defer, type Observable } from 'rxjs';
import type { z } from 'zod';
import type { HttpTransport } from '../client/HttpTransport.ts';
import { ExperienceRequest, ExperienceResponse } from '../model/other.ts';
import { parse } from '../model/parse.ts';
import { conversationPath } from './conversationPath.ts';

/** What an experience request may contain (before defaults and the `audioURL` spelling are folded). */
export type ExperienceRequestInput = z.input<typeof ExperienceRequest>;

/**
 * `POST /v1/conversations/{id}/experiences`: the URL of a page showing the conversation
 * (`verbose-text-summary`, `video-summary` with `videoUrl`, `audio-summary` with `audioUrl`).
 * Parley's server answers with a page of its own behind a signed, expiring, read-only link. The
 * body is checked before anything is sent.
 */
export function createExperience(
  http: HttpTransport,
  conversationId: string,
  request: ExperienceRequestInput,
): Observable<ExperienceResponse> {
  return defer(() => {
    parse(ExperienceRequest, request, 'experience request');
    return http.request(
      { method: 'POST', path: conversationPath(conversationId, 'experiences'), json: request },
      ExperienceResponse,
      'experience response',
    );
  });
}
