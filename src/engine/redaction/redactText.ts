import type { PiiSpan } from './PiiSpan.ts';

/** An identifier as served on a message or an insight (`{type, value, text, offset}`, Symbl's shape). */
export interface PiiEntity {
  type: PiiSpan['type'];
  value: string;
  text: string;
  /** Where it is in the served text: at its redaction string when the text is redacted. */
  offset: number;
}

/** A text after redaction. */
export interface RedactedText {
  text: string;
  entities: PiiEntity[];
  /** Where a character offset of the original text lands in the redacted one. */
  mapOffset(offset: number): number;
}

/**
 * `text` with each span replaced by `replacement` (when `redact`), the entities of the spans, and
 * the offset map. Spans must not overlap (see `withoutOverlaps`).
 */
export function redactText(
  text: string,
  spans: readonly PiiSpan[],
  replacement: string,
  redact: boolean,
): RedactedText {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  if (!redact || sorted.length === 0) {
    return {
      text,
      entities: sorted.map((s) => ({ type: s.type, value: s.value, text: s.text, offset: s.start })),
      mapOffset: (offset) => offset,
    };
  }
  let out = '';
  let cursor = 0;
  const entities: PiiEntity[] = [];
  // Original span boundaries and how far each shifted the text after it.
  const shifts: Array<{ start: number; end: number; at: number }> = [];
  for (const span of sorted) {
    out += text.slice(cursor, span.start);
    shifts.push({ start: span.start, end: span.end, at: out.length });
    entities.push({ type: span.type, value: span.value, text: span.text, offset: out.length });
    out += replacement;
    cursor = span.end;
  }
  out += text.slice(cursor);
  return {
    text: out,
    entities,
    mapOffset(offset) {
      let moved = offset;
      for (const s of shifts) {
        if (offset >= s.end) moved = offset - s.end + s.at + replacement.length;
        else if (offset >= s.start) return s.at;
        else break;
      }
      return moved;
    },
  };
}
