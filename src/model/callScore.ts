import { z } from 'zod';
import { looseBoolean } from './lenient.ts';

/*
 * Call score and the Insights UI (`…/callscore`, `…/lm-insights/status`,
 * `/v1/conversations/experiences/insights/…`). Only the Go and Python SDKs call these endpoints
 * and their shapes are undocumented, so the responses are lenient.
 */

/** `{summary}` of call-score feedback. */
const FeedbackSummary = z.looseObject({ summary: z.string().optional() });

/** One scored criterion of a call score. How scores are computed is undocumented. */
export const CallScoreCriterion = z.looseObject({
  name: z.string(),
  score: z.number(),
  summary: z.string().optional(),
  feedback: z
    .looseObject({ positive: FeedbackSummary.optional(), negative: FeedbackSummary.optional() })
    .optional(),
});
export type CallScoreCriterion = z.infer<typeof CallScoreCriterion>;

/** `GET /v1/conversations/{id}/callscore`. */
export const CallScore = z.looseObject({
  score: z.number(),
  summary: z.string().optional(),
  criteria: z.array(CallScoreCriterion).optional(),
});
export type CallScore = z.infer<typeof CallScore>;

/**
 * `GET …/callscore/status` and `GET …/lm-insights/status`: the job computing them. Status values are
 * undocumented, so any string is accepted.
 */
export const InsightsJobStatus = z.looseObject({ jobId: z.string(), status: z.string() });
export type InsightsJobStatus = z.infer<typeof InsightsJobStatus>;

/** `GET /v1/conversations/experiences/insights/{list,details/{id}}`: the Insights UI page. */
export const InsightsUiUrl = z.looseObject({ url: z.string() });
export type InsightsUiUrl = z.infer<typeof InsightsUiUrl>;

/** Query of the Insights UI endpoints (`includeCallScore=true`). */
export const InsightsUiQuery = z.object({ includeCallScore: looseBoolean.optional() });
export type InsightsUiQuery = z.infer<typeof InsightsUiQuery>;
