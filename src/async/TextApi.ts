import type { HttpTransport } from '../client/HttpTransport.ts';
import { TextProcessRequest, type TextProcessRequestInput } from '../model/asyncApi.ts';
import { parse } from '../model/parse.ts';
import type { Job } from './Job.ts';
import type { JobOptions } from './JobOptions.ts';
import { type SubmitOptions, submitJob } from './submitJob.ts';

/** The text payload: `messages` plus any options. */
export type TextPayload = TextProcessRequestInput;

/** Text options given apart from the payload (merged into the body; the payload wins per key). */
export type TextParameters = Partial<Omit<TextProcessRequestInput, 'messages'>>;

/**
 * `symbl.Text` of the Python SDK: submit or append a conversation as text messages. Each call
 * returns a {@link Job}; nothing is sent until it is subscribed.
 */
export interface TextApi {
  /** `POST /v1/process/text`; Python `process(payload, parameters)`. */
  process(payload: TextPayload, parameters?: TextParameters, options?: SubmitOptions): Job;
  /** `PUT /v1/process/text/{id}`; Python `append(payload, conversation_id, parameters)`. */
  append(
    payload: TextPayload,
    conversationId: string,
    parameters?: TextParameters,
    options?: SubmitOptions,
  ): Job;
}

/** The text Async API over `http`. */
export function textApi(http: HttpTransport, jobDefaults?: Partial<JobOptions>): TextApi {
  const submit = (
    payload: TextPayload,
    conversationId: string | undefined,
    parameters: TextParameters = {},
    options: SubmitOptions = {},
  ) =>
    submitJob(
      http,
      () => {
        const json = { ...parameters, ...payload };
        parse(TextProcessRequest, json, 'text submission');
        return conversationId === undefined
          ? { method: 'POST' as const, path: '/v1/process/text', json }
          : { method: 'PUT' as const, path: `/v1/process/text/${encodeURIComponent(conversationId)}`, json };
      },
      jobDefaults,
      options,
    );
  return {
    process: (payload, parameters, options) => submit(payload, undefined, parameters, options),
    append: (payload, conversationId, parameters, options) =>
      submit(payload, conversationId, parameters, options),
  };
}
