/**
 * Message lists already written out as JSON, by conversation, the conversation's messages version
 * and the query's shape, so a list read again before its conversation changes is not read from
 * the store, checked and serialised again. A changed conversation has a new version: its old
 * lists are never found again and leave as newer ones come in (least recently used first, within
 * `maxBytes` in all; a list over a tenth of that is not kept).
 */
export class MessageListCache {
  readonly #lists = new Map<string, string>();
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes = 16 * 1024 * 1024) {
    this.#maxBytes = maxBytes;
  }

  /** The key of one list: a conversation as of `version`, with the query options that shape it. */
  static key(conversationId: string, version: number, shape: string): string {
    return `${conversationId}\u0000${version}\u0000${shape}`;
  }

  get(key: string): string | undefined {
    const json = this.#lists.get(key);
    if (json !== undefined) {
      // Most recently used last.
      this.#lists.delete(key);
      this.#lists.set(key, json);
    }
    return json;
  }

  set(key: string, json: string): void {
    const bytes = json.length * 2;
    if (bytes > this.#maxBytes / 10) return;
    const previous = this.#lists.get(key);
    if (previous !== undefined) {
      this.#lists.delete(key);
      this.#bytes -= previous.length * 2;
    }
    this.#lists.set(key, json);
    this.#bytes += bytes;
    for (const [oldest, oldJson] of this.#lists) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#lists.delete(oldest);
      this.#bytes -= oldJson.length * 2;
    }
  }
}
