import { catchError, forkJoin, map, type Observable, of, throwError } from 'rxjs';
import type { ConversationHandle } from '../conversations/ConversationHandle.ts';
import type { ConversationSnapshot } from '../engine/conversation/ConversationSnapshot.ts';
import { NotFoundError } from '../errors/NotFoundError.ts';
import type { AnalyticsResponse } from '../model/analytics.ts';
import type { SummaryResponse } from '../model/summary.ts';

/** `fallback` when the server answers 404 (a resource it does not keep for this conversation). */
function orWhenMissing<T>(fallback: T) {
  return catchError<T, Observable<T>>((error: unknown) =>
    error instanceof NotFoundError ? of(fallback) : throwError(() => error),
  );
}

/**
 * Every Conversation API resource of one conversation, fetched in parallel, in the shape the
 * engine produces (so `--json` prints the same objects whether the engine ran here or remotely).
 * Summary and analytics are optional on a server (a summary needs `enableSummary`; older servers
 * have no analytics route): a 404 for them reads as empty.
 */
export function fetchConversationSnapshot(
  conversation: ConversationHandle,
): Observable<ConversationSnapshot> {
  return forkJoin({
    conversation: conversation.getConversation(),
    messages: conversation.getMessages({ verbose: true, sentiment: true }),
    topics: conversation.getTopics(),
    questions: conversation.getQuestions(),
    actionItems: conversation.getActionItems(),
    followUps: conversation.getFollowUps(),
    insights: conversation.getInsights(),
    members: conversation.getMembers(),
    entities: conversation.getEntities(),
    trackers: conversation.getTrackers(),
    analytics: conversation
      .getAnalytics()
      .pipe(orWhenMissing<AnalyticsResponse>({ metrics: [], members: [] })),
    summary: conversation.getSummary().pipe(orWhenMissing<SummaryResponse>({ summary: [] })),
  }).pipe(
    map((r) => ({
      conversation: r.conversation,
      messages: r.messages.messages,
      topics: r.topics.topics,
      questions: r.questions.questions,
      actionItems: r.actionItems.actionItems,
      followUps: r.followUps.followUps,
      insights: r.insights.insights,
      members: r.members.members,
      entities: r.entities.entities,
      trackers: r.trackers,
      analytics: r.analytics,
      summary: r.summary.summary,
    })),
  );
}
