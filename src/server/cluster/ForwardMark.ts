import { createHmac, timingSafeEqual } from 'node:crypto';

/** Request header a node adds when it forwards a request to the node holding a live session. */
export const FORWARDED_BY_HEADER = 'x-parley-forwarded-by';

/**
 * The mark one node puts on a request it forwards to another (`<node id>.<MAC of the id>`, keyed
 * by a secret the deployment keeps in its store), and the check the receiver makes. A forwarded
 * request is served where it lands, whatever the directory says, so a client must not be able to
 * pass for a node: one that sends the header without the deployment's key is treated as any client.
 */
export class ForwardMark {
  readonly nodeId: string;
  readonly #key: string;

  constructor(nodeId: string, key: string) {
    this.nodeId = nodeId;
    this.#key = key;
  }

  /** The header's value on requests this node forwards. */
  header(): string {
    return `${this.nodeId}.${this.#mac(this.nodeId)}`;
  }

  /** Whether another node of this deployment forwarded the request. */
  verify(headers: Record<string, string | string[] | undefined>): boolean {
    const value = headers[FORWARDED_BY_HEADER];
    if (typeof value !== 'string') return false;
    const dot = value.lastIndexOf('.');
    if (dot <= 0) return false;
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(this.#mac(value.slice(0, dot)));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #mac(nodeId: string): string {
    return createHmac('sha256', this.#key).update(`parley-forward:${nodeId}`).digest('base64url');
  }
}
