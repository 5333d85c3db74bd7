/**
 * Symbl's streaming SDK calls, one by one, in Parley: a recording is streamed as a live session
 * (speaker and insights as Symbl's SDKs send them), a second reader watches the same connection,
 * and the stored conversation is read once the session is over.
 *
 * | Symbl SDK call | here |
 * | --- | --- |
 * | `symbl.Streaming.start_connection(...)`, `sdk.startRealtimeRequest(...)`, `sdk.createStream(...)` + `start()` | `streamingSession({ baseUrl, token, connectionId, ... })` on an audio Observable |
 * | `connection.send_audio(data)`, `stream.sendAudio(data)` | `audio.next(chunk)` |
 * | `connection.send_audio_from_mic()` | `fromMic()` as the audio (examples/micSession.ts) |
 * | `connection.subscribe({'message_response': ...})`, `handlers.onMessageResponse` | `events$.pipe(messages())` (and `insights()`, `topics()`, `trackers()`, `transcript()`) |
 * | `connection.stop()`, `stream.stop()` | `audio.complete()`: `stop_request` after the last byte, results until `conversation_completed` |
 * | `sdk.subscribeToStream(id, ...)`, `sdk.subscribeToConnection(id, ...)` | `watchConnection(id, { baseUrl, token })` |
 * | `connection.conversation.get_messages()` (and every `get_*`) | `client.conversation(conversationId).getMessages()` |
 *
 * Run: npx tsx examples/symblStreamingCalls.ts <recording>
 * (Parley's own server in-process, or PARLEY_BASE_URL and PARLEY_TOKEN)
 */
import { randomUUID } from 'node:crypto';
import { firstValueFrom, lastValueFrom, map, Subject, share, toArray } from 'rxjs';
import { conversationId } from '../operators/conversationId.ts';
import { messages } from '../operators/messages.ts';
import { streamingSession } from '../operators/streamingSession.ts';
import type { AudioChunk } from '../sources/AudioChunk.ts';
import { fromFile } from '../sources/fromFile.ts';
import { createClient } from '../src/client/createClient.ts';
import { startLocalServer } from '../src/streaming/startLocalServer.ts';
import { watchConnection } from '../src/streaming/watchConnection.ts';

/** What each reader got: the speaker's socket, the watcher, and the Conversation API afterwards. */
export interface StreamedCall {
  conversationId: string;
  spoken: string[];
  watched: string[];
  stored: string[];
}

/** Streams `recording` as one speaker's live session and reads it the three ways Symbl's SDKs do. */
export async function streamLikeSymbl(
  recording: string,
  target: { baseUrl: string; token: string },
): Promise<StreamedCall> {
  const connectionId = randomUUID();
  // send_audio: the session sends whatever this subject is given; complete() is stop().
  const audio = new Subject<AudioChunk>();
  const events$ = audio.pipe(
    streamingSession({
      ...target,
      connectionId,
      // Declared up front, as Symbl's SDKs do, so the session starts before the first chunk.
      config: { speechRecognition: { encoding: 'LINEAR16', sampleRateHertz: 16000 } },
      insightTypes: ['question', 'action_item'],
      speaker: { userId: 'ana@example.com', name: 'Ana' },
    }),
    share(),
  );
  const spoken = lastValueFrom(
    events$.pipe(
      messages(),
      map((m) => m.payload.content),
      toArray(),
    ),
  );
  const id = await firstValueFrom(events$.pipe(conversationId()));

  // subscribeToStream: a read-only reader of the same connection, opened before any audio.
  let opened: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const watched = lastValueFrom(
    watchConnection(connectionId, { ...target, opened }).pipe(
      messages(),
      map((m) => m.payload.content),
      toArray(),
    ),
  );
  await open;

  await new Promise<void>((resolve, reject) =>
    fromFile(recording).subscribe({
      next: (chunk) => audio.next(chunk),
      error: reject,
      complete: () => resolve(),
    }),
  );
  audio.complete(); // stop()

  // connection.conversation.get_messages(): the Conversation API, once the session is over.
  const client = createClient({ baseUrl: target.baseUrl, accessToken: target.token });
  try {
    const [said, seen] = [await spoken, await watched];
    const { messages: stored } = await firstValueFrom(client.conversation(id).getMessages());
    return { conversationId: id, spoken: said, watched: seen, stored: stored.map((m) => m.text) };
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const recording = process.argv[2];
  if (!recording) throw new Error('usage: examples/symblStreamingCalls.ts <recording>');
  const { PARLEY_BASE_URL: baseUrl, PARLEY_TOKEN: token } = process.env;
  const local = baseUrl && token ? undefined : await startLocalServer();
  try {
    const call = await streamLikeSymbl(
      recording,
      local ?? { baseUrl: baseUrl as string, token: token as string },
    );
    console.log(`conversation ${call.conversationId}`);
    for (const line of call.stored) console.log(line);
  } finally {
    await local?.close();
  }
}
