import { defer, type Observable } from 'rxjs';
import type { z } from 'zod';
import { parse } from '../model/parse.ts';
import type { HttpMethod } from './ApiRequest.ts';
import type { HttpTransport } from './HttpTransport.ts';

/** A Management API call: where it goes, its answer's schema, and its body with the schema that checks it. */
export interface ManagementCall<S extends z.ZodType> {
  method: HttpMethod;
  path: string;
  response: S;
  /** Names the answer (and the body) in error messages. */
  subject: string;
  body?: { schema: z.ZodType; value: unknown };
  query?: URLSearchParams;
}

/**
 * One Management API call as a cold Observable over `http`: the body is checked on subscription
 * (a ValidationError errors the Observable and nothing is sent), the answer against its schema.
 */
export function managementRequest<S extends z.ZodType>(
  http: HttpTransport,
  call: ManagementCall<S>,
): Observable<z.output<S>> {
  return defer(() =>
    http.request(
      {
        method: call.method,
        path: call.path,
        ...(call.body === undefined
          ? {}
          : { json: parse(call.body.schema, call.body.value, `${call.subject} request`) }),
        ...(call.query === undefined ? {} : { query: call.query }),
      },
      call.response,
      call.subject,
    ),
  );
}
