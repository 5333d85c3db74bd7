/**
 * The insights whose `score` reaches `confidenceThreshold` (the submit-time option, 0..1).
 * An undefined or non-finite threshold keeps everything; scores are compared as given.
 */
export function applyConfidenceThreshold<T extends { score: number }>(
  insights: readonly T[],
  confidenceThreshold: number | undefined,
): T[] {
  if (confidenceThreshold === undefined || !Number.isFinite(confidenceThreshold)) return [...insights];
  return insights.filter((insight) => insight.score >= confidenceThreshold);
}
