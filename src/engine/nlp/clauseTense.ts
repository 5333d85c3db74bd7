/** Where a clause ends: sentence punctuation, commas, and the conjunctions that join clauses. */
const clauseBreak = /[.;!?,]|\b(?:and|but|because|so|while|when|although|though|then)\b/gi;

/** The clause of `text` around the span `[offset, offset + length)`. */
export function clauseAround(text: string, offset: number, length: number): string {
  let start = 0;
  let end = text.length;
  for (const m of text.matchAll(clauseBreak)) {
    const at = m.index ?? 0;
    if (at + m[0].length <= offset) start = at + m[0].length;
    else if (at >= offset + length) {
      end = at;
      break;
    }
  }
  return text.slice(start, end);
}

/** Verbs and auxiliaries whose form says the clause tells of the past. */
const pastVerb =
  /\b(?:was|were|did|didn't|had|hadn't|went|got|been|came|saw|met|said|told|sent|made|found|lost|left|took|gave|spent|began|broke|bought|brought|paid|thought|heard|knew|wrote|ran|won|fell|rose|grew|sold|shut|set up|hit|cut|put|kept|held|led|felt)\b|\b(?:i|we|you|he|she|they|it)\s+(?:just\s+|already\s+|finally\s+|only\s+)?[a-z]{2,}ed\b/i;
/** Words that point a clause at what is still to come, whatever verb it has. */
const futureMarker =
  /\b(?:will|'ll|won't|shall|going to|gonna|need to|needs to|have to|has to|must|should|can|could|would|please|let's|let us|plan|plans|planning|by|until|till|before|due|next|tomorrow|tonight|soon|later)\b/i;

/**
 * Whether a clause tells of the past ("it went down on Saturday", "we finished it Friday")
 * rather than of what is to come ("I will send it Friday", "it was agreed we ship by Friday").
 * A word pointing forward wins, because a commitment is never due in the past.
 */
export function isPastClause(clause: string): boolean {
  return pastVerb.test(clause) && !futureMarker.test(clause);
}
