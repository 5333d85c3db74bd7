import { defer, type Observable } from 'rxjs';
import type { z } from 'zod';
import type { HttpMethod } from '../client/ApiRequest.ts';
import type { HttpTransport } from '../client/HttpTransport.ts';

/** What a call adds to its endpoint from its arguments. */
export interface EndpointRequest {
  /** Values of the path's `{name}` placeholders (URL-encoded when filled in). */
  params?: Record<string, string>;
  query?: URLSearchParams | undefined;
  /** The JSON body, already checked against its schema. */
  json?: unknown;
}

/**
 * One endpoint of the API as data: method, path template, the schema of its answer, and how the
 * arguments after the conversation id become path parameters, a query or a body. `request` runs
 * on subscription, so a body it refuses (ValidationError) errors in the error channel and nothing
 * is sent.
 */
export interface ConversationEndpoint<A extends unknown[] = unknown[], S extends z.ZodType = z.ZodType> {
  method: HttpMethod;
  /** `/v1/conversations/{conversationId}/...`: placeholders filled from the id and `request`. */
  path: string;
  /** The answer's schema; a 2xx body that breaks it is a ProtocolError. */
  response: S;
  /** Names the answer in error messages. */
  subject: string;
  /** Set for a POST that only reads, so it may be retried like a GET. */
  idempotent?: boolean;
  // A method, not a function property, so that tables of different endpoints share one type.
  request?(...args: A): EndpointRequest;
}

/** Declares an endpoint, keeping its argument and answer types for the methods derived from it. */
export function endpoint<S extends z.ZodType, A extends unknown[] = []>(
  description: ConversationEndpoint<A, S>,
): ConversationEndpoint<A, S> {
  return description;
}

/** The arguments a call of endpoint `E` takes after the conversation id. */
export type ArgumentsOf<E> = E extends ConversationEndpoint<infer A, z.ZodType> ? A : never;
/** The parsed answer of endpoint `E`. */
export type AnswerOf<E> = E extends { response: infer S extends z.ZodType } ? z.output<S> : never;

/** A method per endpoint of table `T`, the conversation id first. */
export type IdFirstMethods<T> = {
  [K in keyof T]: (conversationId: string, ...args: ArgumentsOf<T[K]>) => Observable<AnswerOf<T[K]>>;
};

/** A method per endpoint of table `T`, taking the endpoint's arguments only (the id bound, or none). */
export type MethodsOf<T> = {
  [K in keyof T]: (...args: ArgumentsOf<T[K]>) => Observable<AnswerOf<T[K]>>;
};

/**
 * Calls `endpoint` as a cold Observable: on subscription the arguments become the request, which
 * `http` sends (with its retries and typed errors) and whose answer it parses.
 */
export function callEndpoint<A extends unknown[], S extends z.ZodType>(
  http: HttpTransport,
  endpoint: ConversationEndpoint<A, S>,
  params: Record<string, string>,
  args: A,
): Observable<z.output<S>> {
  return defer(() => {
    const request = endpoint.request?.(...args) ?? {};
    const path = fillPath(endpoint.path, { ...params, ...request.params });
    return http.request(
      {
        method: endpoint.method,
        path,
        query: request.query,
        json: request.json,
        idempotent: endpoint.idempotent,
      },
      endpoint.response,
      endpoint.subject,
    );
  });
}

/** `path` with each `{name}` replaced by its URL-encoded value. */
function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
}

/** A function per entry of `table`, made from the entry by `make`. */
export function mapEndpoints<T extends Record<string, ConversationEndpoint>, F>(
  table: T,
  make: (endpoint: ConversationEndpoint) => F,
): Record<keyof T, F> {
  return Object.fromEntries(Object.entries(table).map(([name, entry]) => [name, make(entry)])) as Record<
    keyof T,
    F
  >;
}
