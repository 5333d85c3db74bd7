/**
 * Symbl's telephony SDK calls, one by one, in Parley: the server dials a SIP far end, a second
 * reader watches the call, a speaker event says who talks, and the call is stopped after a while.
 *
 * | Symbl SDK call | here |
 * | --- | --- |
 * | `symbl.Telephony.start_sip(uri, ...)`, `sdk.startEndpoint({ endpoint: { type: 'sip', uri } })` | `telephony.startSip({ uri }, { baseUrl, token })` |
 * | `symbl.Telephony.start_pstn(phone_number, dtmf, ...)`, `sdk.startEndpoint({ endpoint: { type: 'pstn', phoneNumber } })` | `telephony.startPstn({ phoneNumber, dtmf }, { baseUrl, token })` (a server with a SIP trunk) |
 * | `connection.subscribe(...)`, `sdk.subscribeToConnection(id, cb)` | the call's own Observable (`results()`), or `watchConnection(id, ...)` from anywhere |
 * | `sdk.pushEventOnConnection(id, speakerEvent)` | `telephony.pushSpeakerEvent(id, { type, user }, ...)` |
 * | `symbl.Telephony.stop(connection_id)`, `sdk.stopEndpoint({ connectionId })` | `telephony.stop(id, ...)`, or `hangUp` |
 *
 * Run: npx tsx examples/symblTelephonyCalls.ts sip:someone@host seconds
 * (PARLEY_BASE_URL and PARLEY_TOKEN, or Parley's own server in-process)
 */
import { filter, firstValueFrom, lastValueFrom, map, share, toArray } from 'rxjs';
import { messages } from '../operators/messages.ts';
import { createClient } from '../src/client/createClient.ts';
import { startLocalServer } from '../src/streaming/startLocalServer.ts';
import { watchConnection } from '../src/streaming/watchConnection.ts';
import { pushSpeakerEvent } from '../src/telephony/pushSpeakerEvent.ts';
import { startSip } from '../src/telephony/startSip.ts';
import { stop } from '../src/telephony/stop.ts';
import { results, type TelephonyConnected } from '../src/telephony/TelephonyConnectionEvent.ts';

/** What the call's own Observable and the watcher read, and how the call ended. */
export interface CalledSip {
  conversationId: string;
  /** Messages from the call's own Observable. */
  heard: string[];
  /** Messages a second reader of the connection saw. */
  watched: string[];
  /** The stored messages as `speaker: text`: the speaker event attributed them. */
  stored: string[];
}

/** Dials `uri`, says `speaker` talks, watches the call from a second reader, stops after `seconds`. */
export async function callLikeSymbl(
  uri: string,
  target: { baseUrl: string; token: string },
  speaker: { userId: string; name: string },
  seconds: number,
): Promise<CalledSip> {
  const call$ = startSip({ uri }, target).pipe(share());
  const heard = lastValueFrom(
    call$.pipe(
      results(),
      messages(),
      map((m) => m.payload.content),
      toArray(),
    ),
  );
  const connected = await firstValueFrom(
    call$.pipe(filter((e): e is TelephonyConnected => e.type === 'telephony_connected')),
  );
  const { connectionId, conversationId } = connected.connection;
  const watched = lastValueFrom(
    watchConnection(connectionId, target).pipe(
      messages(),
      map((m) => m.payload.content),
      toArray(),
    ),
  );
  await firstValueFrom(pushSpeakerEvent(connectionId, { type: 'started_speaking', user: speaker }, target));
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  await firstValueFrom(stop(connectionId, target));
  const client = createClient({ baseUrl: target.baseUrl, accessToken: target.token });
  try {
    const [live, seen] = [await heard, await watched];
    const stored = await firstValueFrom(client.conversation(conversationId).getMessages());
    const lines = stored.messages.map((m) => `${m.from.name ?? '?'}: ${m.text}`);
    return { conversationId, heard: live, watched: seen, stored: lines };
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [uri, seconds = '30'] = process.argv.slice(2);
  if (!uri) throw new Error('usage: examples/symblTelephonyCalls.ts sip:user@host [seconds]');
  const { PARLEY_BASE_URL: baseUrl, PARLEY_TOKEN: token } = process.env;
  const local = baseUrl && token ? undefined : await startLocalServer();
  try {
    const target = local ?? { baseUrl: baseUrl as string, token: token as string };
    const call = await callLikeSymbl(
      uri,
      target,
      { userId: 'caller@example.com', name: 'Caller' },
      Number(seconds),
    );
    console.log(`conversation ${call.conversationId}`);
    for (const line of call.stored) console.log(line);
  } finally {
    await local?.close();
  }
}
