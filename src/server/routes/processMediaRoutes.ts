import { rm } from 'node:fs/promises';
import { checkRecognitionLanguage } from '../../engine/asr/recognitionLanguages.ts';
import { probeMedia } from '../../engine/audio/probeMedia.ts';
import { ConnectionError } from '../../errors/ConnectionError.ts';
import { ParleyError } from '../../errors/ParleyError.ts';
import { PayloadTooLargeError } from '../../errors/PayloadTooLargeError.ts';
import { RateLimitError } from '../../errors/RateLimitError.ts';
import { ValidationError } from '../../errors/ValidationError.ts';
import {
  MediaProcessOptions,
  MediaUrlRequest,
  mergeAsyncOptionSources,
  readAsyncQuery,
} from '../../model/asyncApi.ts';
import { concurrentJobsLimitMessage } from '../../model/errorBody.ts';
import { parse } from '../../model/parse.ts';
import type { RequestContext, Route } from '../http/Route.ts';
import { readJsonBody } from '../http/readJsonBody.ts';
import { fetchMediaUrl, MediaFetchError } from '../media/fetchMediaUrl.ts';
import { mediaTooLong } from '../media/mediaDuration.ts';
import { type StoredMedia, storeMediaStream } from '../media/storeMediaStream.ts';
import type { ServerContext } from '../ServerContext.ts';
import type { ConversationRecord } from '../store/StoreRecords.ts';
import { checkSubmitOptions } from './checkSubmitOptions.ts';
import { checkTrackerReferences } from './checkTrackerReferences.ts';
import { ownConversation } from './conversationRoutes.ts';
import { scheduleConversationJob } from './scheduleConversationJob.ts';

type MediaKind = 'audio' | 'video';

/**
 * The audio and video submit endpoints: raw bytes in the body with options in the query string,
 * or a JSON `{url, ...options}` whose file the server downloads through its outbound policy. What
 * can be refused without the media is refused before a byte of it is read or fetched: bad options,
 * a declared size over the limit, the app's unfinished-job limit (counting media it is sending
 * now), too many uploads at once. The media is then on disk and checked to look like audio before
 * the job is scheduled, so bad input is a 4xx.
 */
export function processMediaRoutes(server: ServerContext): Route[] {
  return (['audio', 'video'] as const).flatMap((media): Route[] => [
    {
      method: 'POST',
      pattern: `/v1/process/${media}/url`,
      handle: (ctx) => submitUrl(server, ctx, media, undefined),
    },
    {
      method: 'PUT',
      pattern: `/v1/process/${media}/url/:conversationId`,
      async handle(ctx) {
        return submitUrl(server, ctx, media, await ownConversation(server, ctx));
      },
    },
    {
      method: 'POST',
      pattern: `/v1/process/${media}`,
      handle: (ctx) => submitFile(server, ctx, media, undefined),
    },
    {
      method: 'PUT',
      pattern: `/v1/process/${media}/:conversationId`,
      async handle(ctx) {
        return submitFile(server, ctx, media, await ownConversation(server, ctx));
      },
    },
  ]);
}

async function submitFile(
  server: ServerContext,
  ctx: RequestContext,
  media: MediaKind,
  existing: ConversationRecord | undefined,
) {
  const options = parse(MediaProcessOptions, readAsyncQuery(ctx.search), `${media} submission`);
  // Refused before the body is read: no upload for a language nothing here can recognise.
  checkRecognitionLanguage(options.languageCode, `${media} submission`, 'languageCode');
  checkSubmitOptions(server, options);
  checkRedactedMedia(options, `${media} submission`);
  const limit = server.limits.mediaBodyBytes;
  const declared = Number(ctx.req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new PayloadTooLargeError(`Request body is larger than the limit of ${limit} bytes.`);
  }
  await checkTrackerReferences(server.store, ctx.appId, options.trackers);
  const stored = await receiveMedia(server, ctx, () =>
    storeMediaStream(ctx.req, server.mediaDir, limit).catch((error: unknown) => {
      if (error instanceof ParleyError) throw error;
      // The client went away mid-upload: its fault, not the server's (and nobody reads the reply).
      throw new ConnectionError('The upload was interrupted before the body ended.', {
        status: 400,
        cause: error,
      });
    }),
  );
  const contentType = ctx.req.headers['content-type'];
  return schedule(server, ctx, media, existing, options, stored, contentType);
}

async function submitUrl(
  server: ServerContext,
  ctx: RequestContext,
  media: MediaKind,
  existing: ConversationRecord | undefined,
) {
  const body = await readJsonBody(ctx.req, server.limits.jsonBodyBytes);
  const { url, ...options } = parse(
    MediaUrlRequest,
    mergeAsyncOptionSources(readAsyncQuery(ctx.search), body ?? {}),
    `${media} URL submission`,
  );
  checkRecognitionLanguage(options.languageCode, `${media} URL submission`, 'languageCode');
  checkSubmitOptions(server, options);
  checkRedactedMedia(options, `${media} URL submission`);
  await checkTrackerReferences(server.store, ctx.appId, options.trackers);
  const limits = {
    maxBytes: server.limits.mediaBodyBytes,
    timeoutMs: server.limits.mediaFetchTimeoutMs,
    maxRedirects: server.limits.mediaFetchRedirects,
  };
  const stored = await receiveMedia(server, ctx, () =>
    fetchMediaUrl(url, server.mediaDir, limits, server.outbound).catch((error: unknown) => {
      if (error instanceof MediaFetchError)
        server.logger.log('info', 'media.fetch_refused', { reason: error.reason });
      throw error;
    }),
  );
  return schedule(server, ctx, media, existing, options, stored, undefined);
}

/**
 * Receives one media body once the app may have another job: its unfinished jobs plus the media
 * it is sending now must be under the job limit, and the upload gate must have room.
 * @throws RateLimitError (429) before anything is read when either is full.
 */
async function receiveMedia(
  server: ServerContext,
  ctx: RequestContext,
  receive: () => Promise<StoredMedia>,
): Promise<StoredMedia> {
  const limit = server.limits.activeJobsPerApp;
  const active = await server.store.countActiveJobs(ctx.appId);
  if (active + server.uploads.inFlight(ctx.appId) >= limit)
    throw new RateLimitError(concurrentJobsLimitMessage(limit), 5000);
  const release = server.uploads.enter(ctx.appId);
  try {
    return await receive();
  } finally {
    release();
  }
}

async function schedule(
  server: ServerContext,
  ctx: RequestContext,
  media: MediaKind,
  existing: ConversationRecord | undefined,
  options: MediaProcessOptions,
  stored: StoredMedia,
  contentType: string | undefined,
) {
  const maxSeconds = server.limits.maxMediaSeconds;
  try {
    // Containers that state their duration are refused now; the job measures the others.
    const probe = await probeMedia(stored.path);
    const seconds = probe.durationSeconds;
    if (seconds !== undefined && seconds > maxSeconds) throw mediaTooLong(maxSeconds, seconds);
    return await scheduleConversationJob(server, ctx, existing, {
      input: {
        type: 'media',
        path: stored.path,
        media,
        maxSeconds,
        // A redacted conversation keeps no recording: the audio says what redaction removed.
        keep: options.redaction?.redactContent !== true && (options.keepMedia ?? server.keepMedia),
        ...(contentType === undefined ? {} : { contentType }),
      },
      options,
      startTime: options.startTime,
      recorded: probe.recorded,
      logFields: { kind: media, bytes: stored.bytes },
    });
  } catch (error) {
    // Not scheduled (too long, 429): nothing will ever read the file.
    await rm(stored.path, { force: true });
    throw error;
  }
}

/** Refuses `keepMedia=true` with `redaction.redactContent`: a kept recording would say what redaction hides. */
function checkRedactedMedia(
  options: Pick<MediaProcessOptions, 'keepMedia' | 'redaction'>,
  subject: string,
): void {
  if (options.keepMedia === true && options.redaction?.redactContent === true) {
    throw new ValidationError(subject, [
      {
        path: 'keepMedia',
        message:
          'cannot keep the recording of a conversation whose content is redacted (redaction.redactContent)',
      },
    ]);
  }
}
