import { setImmediate as nextTurn } from 'node:timers/promises';
import { StreamedBody } from './StreamedBody.ts';

/**
 * The body `{"<key>": [...]}` of a list read in pages. A list that fits in its first page is an
 * ordinary body (one JSON text, with a length); a longer one is a {@link StreamedBody} that writes
 * each page as it is read and lets other requests run between pages, so a conversation of 100,000
 * messages neither blocks the server nor sits in memory whole. The answer is the same JSON either
 * way.
 */
export async function jsonListBody(
  key: string,
  pages: AsyncIterator<readonly unknown[]>,
): Promise<Record<string, unknown> | StreamedBody> {
  const first = await pages.next();
  const firstItems = first.done ? [] : first.value;
  const second = first.done ? first : await pages.next();
  if (second.done) return { [key]: firstItems };
  return new StreamedBody(
    (async function* pieces() {
      try {
        yield `{${JSON.stringify(key)}:[`;
        let page = firstItems;
        let next: IteratorResult<readonly unknown[]> = second;
        let separator = '';
        for (;;) {
          if (page.length > 0) {
            yield separator + page.map((item) => JSON.stringify(item)).join(',');
            separator = ',';
          }
          if (next.done) break;
          page = next.value;
          await nextTurn();
          next = await pages.next();
        }
        yield ']}';
      } finally {
        await pages.return?.();
      }
    })(),
  );
}
