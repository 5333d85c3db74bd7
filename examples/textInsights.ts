/**
 * Submit a conversation as text through the client, wait for the job, and list its questions
 * action items and follow-ups as they come back from the Conversation API.
 * Run: npx tsx examples/textInsights.ts   (with nothing configured it uses the embedded engine)
 */

import { createClient, type ParleyClient, type TextPayload } from 'parley';
import { concat, forkJoin, ignoreElements, lastValueFrom, map, type Observable } from 'rxjs';

/** "question: ...", "action: ..." and "follow-up: ..." lines of a text conversation, once its job has completed. */
export function insightLines(client: ParleyClient, payload: TextPayload): Observable<string[]> {
  const job = client.text.process(payload);
  const { conversation } = job;
  const insights = forkJoin([
    conversation.getQuestions(),
    conversation.getActionItems(),
    conversation.getFollowUps(),
  ]).pipe(
    map(([{ questions }, { actionItems }, { followUps }]) => [
      ...questions.map((q) => `question: ${q.text}`),
      ...[...actionItems, ...followUps].map(
        (a) =>
          `${a.type === 'follow_up' ? 'follow-up' : 'action'}: ${a.text}${a.assignee.name ? ` (${a.assignee.name})` : ''}`,
      ),
    ]),
  );
  return concat(job.pipe(ignoreElements()), insights);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const client = createClient();
  const lines = await lastValueFrom(
    insightLines(client, {
      messages: [
        { payload: { content: 'Can you send me the renewal quote by Friday?' }, from: { name: 'Ben' } },
        { payload: { content: 'Sure, I will send the quote to you tomorrow.' }, from: { name: 'Ana' } },
      ],
    }),
  );
  for (const line of lines) console.log(line);
  await client.close();
}
