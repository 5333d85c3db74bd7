import { lastValueFrom, type Observable } from 'rxjs';
import { createClient } from '../client/createClient.ts';
import type { ConversationHandle } from '../conversations/ConversationHandle.ts';
import { formattedTranscriptText } from '../model/transcript.ts';

/**
 * Runs `parley conversation <id> <resource>`: reads the resource through the configured server or
 * the embedded engine's data and prints it as JSON, or as text when `rendered` (a formatted
 * transcript).
 */
export async function runConversation(
  id: string,
  read: (conversation: ConversationHandle) => Observable<unknown>,
  rendered: boolean,
): Promise<void> {
  const client = createClient();
  try {
    const value = await lastValueFrom(read(client.conversation(id)));
    const text = rendered
      ? formattedTranscriptText(
          (value as { transcript: Parameters<typeof formattedTranscriptText>[0] }).transcript,
        )
      : JSON.stringify(value, null, 2);
    process.stdout.write(`${text}\n`);
  } finally {
    await client.close();
  }
}
