import { z } from 'zod';
import { ConnectionId } from './streamingClientMessages.ts';

/*
 * The Experience API (`POST /v1/conversations/{id}/experiences`): pre-built summary pages of a
 * conversation, and the media URL they play.
 *
 * Requests are what a server judges and are checked with the documented rules; unknown keys are
 * stripped. Responses are loose objects so a client reading Symbl's cloud keeps what else it sends.
 */

/** Pre-built pages: summary, summary with a video player, trackers and analytics for audio. */
export const ExperienceName = z.enum(['verbose-text-summary', 'video-summary', 'audio-summary']);
export type ExperienceName = z.infer<typeof ExperienceName>;

const HexColor = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'expected a colour as #RRGGBB');
const WebUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/**
 * The body of `POST /v1/conversations/{id}/experiences`. `video-summary` needs `videoUrl`;
 * `audio-summary` needs `audioUrl` (the reference table spells it `audioURL`: both are read, and
 * parsed into `audioUrl`) and cannot use `enableCustomDomain`. `summaryURLExpiresIn` is in seconds
 * (default 2592000; 0 never expires). `disableSummaryURLAuthentication` is not supported (ignored).
 */
export const ExperienceRequest = z
  .object({
    name: ExperienceName,
    videoUrl: WebUrl.optional(),
    audioUrl: WebUrl.optional(),
    audioURL: WebUrl.optional(),
    logo: WebUrl.optional(),
    favicon: WebUrl.optional(),
    color: z
      .object({
        background: HexColor.optional(),
        topicsFilter: HexColor.optional(),
        insightsFilter: HexColor.optional(),
      })
      .optional(),
    font: z.object({ family: z.string().min(1).optional() }).optional(),
    summaryURLExpiresIn: z.number().int().min(0).optional(),
    readOnly: z.boolean().optional(),
    enableCustomDomain: z.boolean().optional(),
    /**
     * Parley extension: the streaming (or telephony) connection id of a conversation that is
     * still live, so its page follows it through the subscribe socket until it completes.
     */
    connectionId: ConnectionId.optional(),
  })
  .superRefine((request, ctx) => {
    if (request.name === 'video-summary' && request.videoUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['videoUrl'], message: 'video-summary needs videoUrl' });
    }
    if (request.name === 'audio-summary') {
      if (request.audioUrl === undefined && request.audioURL === undefined) {
        ctx.addIssue({ code: 'custom', path: ['audioUrl'], message: 'audio-summary needs audioUrl' });
      }
      if (request.enableCustomDomain === true) {
        ctx.addIssue({
          code: 'custom',
          path: ['enableCustomDomain'],
          message: 'enableCustomDomain is not available for audio-summary',
        });
      }
    }
  })
  .transform(({ audioURL, ...request }) => {
    const audioUrl = request.audioUrl ?? audioURL;
    return audioUrl === undefined ? request : { ...request, audioUrl };
  });
export type ExperienceRequest = z.infer<typeof ExperienceRequest>;

/** The answer to an experience request: the experience's name and the page URL. */
export const ExperienceResponse = z.looseObject({ name: z.string(), url: z.string() });
export type ExperienceResponse = z.infer<typeof ExperienceResponse>;

/**
 * The Go SDK posts experience bodies to `POST …/summary`: a body that is an object with a `name`
 * field is an experience request, anything else a summary refresh.
 */
export function isExperienceRequestBody(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'name' in body;
}

/** The body of `PUT /v1/conversations/{id}/experiences/url`: the conversation's media URL. */
export const ExperienceMediaUrlRequest = z.object({ url: WebUrl });
export type ExperienceMediaUrlRequest = z.infer<typeof ExperienceMediaUrlRequest>;
