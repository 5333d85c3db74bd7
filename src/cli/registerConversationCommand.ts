import type { Command } from 'commander';
import type { Observable } from 'rxjs';
import type { ConversationHandle } from '../conversations/ConversationHandle.ts';
import { ValidationError } from '../errors/ValidationError.ts';

/** Each resource `parley conversation <id> <resource>` can read, and how. */
const RESOURCES: Record<string, (c: ConversationHandle) => Observable<unknown>> = {
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

/**
 * `parley conversation <id> <resource>`: one Conversation API resource of a conversation as JSON
 * (`transcript` and `srt` print the rendered text), through the configured server or the embedded
 * engine's data.
 */
export function registerConversationCommand(program: Command): void {
  program
    .command('conversation')
    .description('print one resource of a conversation (JSON, or text for transcript / srt)')
    .argument('<id>', 'conversation id')
    .argument('<resource>', Object.keys(RESOURCES).join(', '))
    .action(async (id: string, resource: string) => {
      const read = RESOURCES[resource];
      if (read === undefined) {
        throw new ValidationError('conversation command', [
          {
            path: 'resource',
            message: `expected one of ${Object.keys(RESOURCES).join(', ')}, got "${resource}"`,
          },
        ]);
      }
      const { runConversation } = await import('./runConversation.ts');
      await runConversation(id, read, resource === 'transcript' || resource === 'srt');
    });
}
