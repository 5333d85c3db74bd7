/** An API call the page made that failed: its HTTP status (0 when the network failed) and the server's message. */
export class PageApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'PageApiError';
    this.status = status;
  }
}

/**
 * The Conversation API as the page reads it: same-origin requests that carry the page's
 * read-only grant as their bearer token. The page holds no other credential.
 */
export class PageApi {
  readonly #grant: string;

  constructor(grant: string) {
    this.#grant = grant;
  }

  get<T>(path: string): Promise<T> {
    return this.#request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.#request<T>('POST', path, body);
  }

  /** A GET that answers undefined for 404 (results not there yet, or not made). */
  async optional<T>(path: string): Promise<T | undefined> {
    try {
      return await this.get<T>(path);
    } catch (error) {
      if (error instanceof PageApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** A URL a media element can load: it cannot send headers, so the grant rides in the query. */
  mediaSource(path: string): string {
    return `${path}${path.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(this.#grant)}`;
  }

  /** The subscribe socket of a live connection. */
  subscribeUrl(connectionId: string): string {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${scheme}//${location.host}/v1/subscribe/${encodeURIComponent(connectionId)}?access_token=${encodeURIComponent(this.#grant)}`;
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${this.#grant}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        cache: 'no-store',
      });
    } catch {
      throw new PageApiError(0, 'The server could not be reached.');
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const message =
        typeof parsed === 'object' &&
        parsed !== null &&
        typeof (parsed as { message?: unknown }).message === 'string'
          ? (parsed as { message: string }).message
          : `The server answered ${response.status}.`;
      throw new PageApiError(response.status, message);
    }
    return parsed as T;
  }
}
