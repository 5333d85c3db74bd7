import type { HttpTransport } from '../client/HttpTransport.ts';
import {
  MediaProcessOptions,
  type MediaProcessOptionsInput,
  MediaUrlRequest,
  type MediaUrlRequestInput,
  writeAsyncQuery,
} from '../model/asyncApi.ts';
import { parse } from '../model/parse.ts';
import type { Job } from './Job.ts';
import type { JobOptions } from './JobOptions.ts';
import { type MediaInput, uploadBodyOf } from './MediaInput.ts';
import { type SubmitOptions, submitJob } from './submitJob.ts';

/** Async API options for audio and video : names and types as on the wire. */
export type MediaParameters = MediaProcessOptionsInput;

/** A URL submission: the media URL, optionally with options in the same object (as on the wire). */
export type MediaUrlPayload = MediaUrlRequestInput;

/** Options of a file submission. */
export interface FileSubmitOptions extends SubmitOptions {
  /**
   * Content-Type of the upload. Audio default: none (the server detects the format from the
   * bytes, as the Python SDK's blank default); video default: `video/mp4`.
   */
  contentType?: string;
}

/**
 * `symbl.Audio` / `symbl.Video` of the Python SDK: submit or append media by file (path, Buffer,
 * Readable) or by URL. Each call returns a {@link Job}; nothing is sent until it is subscribed.
 */
export interface MediaApi {
  /** `POST /v1/process/{audio,video}`; Python `process_file(file_path, content_type, parameters)`. */
  processFile(input: MediaInput, parameters?: MediaParameters, options?: FileSubmitOptions): Job;
  /** `POST /v1/process/{audio,video}/url`; Python `process_url(payload, parameters)`. */
  processUrl(payload: string | MediaUrlPayload, parameters?: MediaParameters, options?: SubmitOptions): Job;
  /** `PUT /v1/process/{audio,video}/{id}`; Python `append_file(file_path, conversation_id, ...)`. */
  appendFile(
    input: MediaInput,
    conversationId: string,
    parameters?: MediaParameters,
    options?: FileSubmitOptions,
  ): Job;
  /** `PUT /v1/process/{audio,video}/url/{id}`; Python `append_url(payload, conversation_id, ...)`. */
  appendUrl(
    payload: string | MediaUrlPayload,
    conversationId: string,
    parameters?: MediaParameters,
    options?: SubmitOptions,
  ): Job;
}

/** The Async API for `kind` media over `http`. */
export function mediaApi(
  http: HttpTransport,
  kind: 'audio' | 'video',
  jobDefaults?: Partial<JobOptions>,
): MediaApi {
  const base = `/v1/process/${kind}`;
  const defaultContentType = kind === 'video' ? 'video/mp4' : undefined;
  const file = (
    input: MediaInput,
    conversationId: string | undefined,
    parameters = {},
    options: FileSubmitOptions = {},
  ) =>
    submitJob(
      http,
      async () => {
        parse(MediaProcessOptions, parameters, `${kind} parameters`);
        const upload = await uploadBodyOf(input);
        const contentType = options.contentType ?? defaultContentType;
        return {
          method: conversationId === undefined ? 'POST' : 'PUT',
          path: conversationId === undefined ? base : `${base}/${encodeURIComponent(conversationId)}`,
          query: writeAsyncQuery(parameters),
          upload,
          ...(contentType ? { contentType } : {}),
        };
      },
      jobDefaults,
      options,
    );
  const url = (
    payload: string | MediaUrlPayload,
    conversationId: string | undefined,
    parameters = {},
    options: SubmitOptions = {},
  ) =>
    submitJob(
      http,
      () => {
        const json = { ...parameters, ...(typeof payload === 'string' ? { url: payload } : payload) };
        parse(MediaUrlRequest, json, `${kind} URL submission`);
        return {
          method: conversationId === undefined ? 'POST' : 'PUT',
          path:
            conversationId === undefined
              ? `${base}/url`
              : `${base}/url/${encodeURIComponent(conversationId)}`,
          json,
        };
      },
      jobDefaults,
      options,
    );
  return {
    processFile: (input, parameters, options) => file(input, undefined, parameters, options),
    processUrl: (payload, parameters, options) => url(payload, undefined, parameters, options),
    appendFile: (input, conversationId, parameters, options) =>
      file(input, conversationId, parameters, options),
    appendUrl: (payload, conversationId, parameters, options) =>
      url(payload, conversationId, parameters, options),
  };
}
