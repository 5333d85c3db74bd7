/**
 * A reply body written in pieces as they are produced: a long list read from the store a page at
 * a time, so no single step builds (or holds) the whole answer. The pieces, joined, are the JSON
 * text of the body; a failure after the first piece can only cut the reply short (the status is
 * already sent), so producers check what they can before the first piece.
 */
export class StreamedBody {
  constructor(readonly pieces: AsyncIterable<string>) {}
}
