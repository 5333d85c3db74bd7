/**
 * A reactive backend: a live session's action items, filtered and posted to a webhook as they
 * are found, one request at a time (in order), each delivery reported. A webhook that answers
 * with an error status fails the stream with HttpError, so nothing is dropped silently.
 * Run: npx tsx examples/actionItemsWebhook.ts <audio file> <webhook URL>
 * (uses PARLEY_BASE_URL and PARLEY_TOKEN when set, otherwise Parley's own server in-process)
 */

import {
  fromFile,
  HttpError,
  insights,
  type StreamingEvent,
  startLocalServer,
  streamingSession,
} from 'parley';
import { concatMap, type Observable } from 'rxjs';

/** What the webhook receives for each action item. */
export interface ActionItemNotice {
  id: string;
  text: string;
  assignee?: string;
  dueBy?: string;
}

/** One delivered notice and the webhook's status. */
export interface Delivery {
  notice: ActionItemNotice;
  status: number;
}

/** Posts every action item of `events$` to `webhookUrl` as JSON; emits each delivery. */
export function postActionItems(
  events$: Observable<StreamingEvent>,
  webhookUrl: string,
): Observable<Delivery> {
  return events$.pipe(
    insights('action_item'),
    concatMap(async (item) => {
      const notice: ActionItemNotice = { id: item.id, text: item.payload.content };
      if (item.assignee?.name) notice.assignee = item.assignee.name;
      if (item.dueBy) notice.dueBy = item.dueBy.value;
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notice),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) {
        throw new HttpError(response.status, `Webhook answered ${response.status}`, await response.text());
      }
      return { notice, status: response.status };
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, webhookUrl] = process.argv.slice(2);
  if (!file || !webhookUrl)
    throw new Error('usage: examples/actionItemsWebhook.ts <audio file> <webhook URL>');
  const { PARLEY_BASE_URL: baseUrl, PARLEY_TOKEN: token } = process.env;
  const local = baseUrl && token ? undefined : await startLocalServer();
  const target = local ?? { baseUrl: baseUrl as string, token: token as string };
  const events$ = fromFile(file, { realtime: true }).pipe(
    streamingSession({ ...target, insightTypes: ['action_item'] }),
  );
  postActionItems(events$, webhookUrl).subscribe({
    next: ({ notice, status }) => console.log(`${status} ${notice.text}`),
    error: (error) => {
      console.error(error);
      void local?.close();
    },
    complete: () => void local?.close(),
  });
}
