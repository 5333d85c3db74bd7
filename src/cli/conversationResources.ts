import type { Observable } from 'rxjs';
import type { ConversationHandle } from '../conversations/ConversationHandle.ts';

/**
 * Each resource `parley conversations show <id> <resource>` can print, and how to read it. Types
 * only are imported here, so the command's help can list the names without loading the client.
 */
export const CONVERSATION_RESOURCES: Readonly<
  Record<string, (c: ConversationHandle) => Observable<unknown>>
> = {
  conversation: (c) => c.getConversation(),
  messages: (c) => c.getMessages({ verbose: true, sentiment: true }),
  topics: (c) => c.getTopics({ parentRefs: true }),
  questions: (c) => c.getQuestions(),
  'action-items': (c) => c.getActionItems(),
  'follow-ups': (c) => c.getFollowUps(),
  insights: (c) => c.getInsights(),
  members: (c) => c.getMembers(),
  entities: (c) => c.getEntities(),
  trackers: (c) => c.getTrackers(),
  analytics: (c) => c.getAnalytics(),
  summary: (c) => c.getSummary(),
  transcript: (c) => c.getFormattedTranscript({ contentType: 'text/markdown', showSpeakerSeparation: true }),
  srt: (c) => c.getFormattedTranscript({ contentType: 'text/srt' }),
};
