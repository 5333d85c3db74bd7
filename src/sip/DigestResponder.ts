import { SipError } from '../errors/SipError.ts';
import {
  type DigestChallenge,
  digestAuthorization,
  parseDigestChallenge,
  type SipCredentials,
} from './digestAuthorization.ts';
import { headerValue, type SipHeader, type SipResponse } from './SipMessage.ts';

/** How a challenge was answered: the header for the next request, and the realm (for the event). */
export interface DigestAnswer {
  header: SipHeader;
  status: 401 | 407;
  realm: string;
}

/**
 * Answers the 401 and 407 challenges of one call's INVITEs (RFC 3261 22.2, 22.3): `Authorization`
 * for a 401, `Proxy-Authorization` for a 407. A second challenge for the realm already answered
 * means the credentials were refused, unless the server says the nonce was stale. `nc` counts the
 * requests made with one nonce and starts again at 1 with a new one (RFC 2617 3.2.2).
 */
export class DigestResponder {
  readonly #credentials: SipCredentials | undefined;
  readonly #target: string;
  #challenged: DigestChallenge | undefined;
  #nonceCount = 0;

  /** `target` names the called party in the errors. */
  constructor(credentials: SipCredentials | undefined, target: string) {
    this.#credentials = credentials;
    this.#target = target;
  }

  /**
   * Reads the challenge of a 401 (`WWW-Authenticate`) or 407 (`Proxy-Authenticate`).
   * @throws SipError with the response's status when it is not a Digest challenge Parley can answer.
   */
  static challengeOf(response: SipResponse & { status: 401 | 407 }): DigestChallenge {
    const headerName = response.status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
    return parseDigestChallenge(headerValue(response, headerName) ?? '', response.status);
  }

  /**
   * The answer to `challenge`, which came with `status` in response to `method` on `uri`.
   * @throws SipError with that status when there are no credentials, or when they were refused.
   */
  answer(challenge: DigestChallenge, status: 401 | 407, method: string, uri: string): DigestAnswer {
    const credentials = this.#credentials;
    if (credentials === undefined)
      throw new SipError(
        `${this.#target} asks for authentication (${status}) and no credentials are configured`,
        status,
      );
    const previous = this.#challenged;
    if (previous && !challenge.stale && challenge.realm === previous.realm)
      throw new SipError(`${this.#target} rejected the credentials for realm "${challenge.realm}"`, status);
    this.#nonceCount = previous?.nonce === challenge.nonce ? this.#nonceCount + 1 : 1;
    this.#challenged = challenge;
    const value = digestAuthorization({ challenge, credentials, method, uri, nonceCount: this.#nonceCount });
    return {
      header: [status === 401 ? 'Authorization' : 'Proxy-Authorization', value],
      status,
      realm: challenge.realm,
    };
  }
}
