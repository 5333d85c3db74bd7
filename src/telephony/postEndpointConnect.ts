import type { Observable } from 'rxjs';
import type { z } from 'zod';
import type { HttpTransport } from '../client/HttpTransport.ts';

/**
 * `POST /v1/endpoint:connect` with `body` (a start or a stop), as a cold Observable of the answer
 * parsed with `schema`. Failures are the transport's typed errors: SipError when the far end
 * refused the call, ValidationError, AuthenticationError, NotFoundError, RateLimitError (retried),
 * HttpError; ConnectionError and TimeoutError for the network. Unsubscribing aborts the request.
 */
export function postEndpointConnect<S extends z.ZodType>(
  http: HttpTransport,
  body: unknown,
  schema: S,
  subject: string,
): Observable<z.output<S>> {
  return http.request({ method: 'POST', path: '/v1/endpoint:connect', json: body }, schema, subject);
}
