import type { Writable } from 'node:stream';
import { fromEvent, type Observable } from 'rxjs';
import { ValidationError } from '../errors/ValidationError.ts';
import { PhoneNumber, SipUri } from '../model/telephony.ts';
import { isSystemMessage } from '../streaming/StreamingEvent.ts';
import { startLocalServer } from '../streaming/startLocalServer.ts';
import type { TelephonyConnectOptions } from '../telephony/connectTelephony.ts';
import { startPstn } from '../telephony/startPstn.ts';
import { startSip } from '../telephony/startSip.ts';
import type { TelephonyConnectionEvent } from '../telephony/TelephonyConnectionEvent.ts';
import { serverFlags } from './serverFlags.ts';

/** The options of `parley call`. */
export interface CallFlags {
  dtmf?: string;
  url?: string;
  token?: string;
  json?: boolean;
}

/** Where the command writes, and what asks it to hang up (tests pass their own). */
export interface CallIo {
  stdout: Writable;
  stderr: Writable;
  /** Emits when the user asks to hang up (default: SIGINT). */
  interrupt$?: Observable<unknown>;
}

/**
 * Places a call and prints its live transcript until the far end hangs up or `interrupt$` fires;
 * resolves to the conversation id. Without --url/--token (or PARLEY_BASE_URL/PARLEY_TOKEN) the
 * local engine runs in this process and places the call itself.
 */
export async function runCall(target: string, flags: CallFlags, io: CallIo): Promise<string> {
  const isSip = SipUri.safeParse(target).success;
  if (!isSip && !PhoneNumber.safeParse(target).success) {
    throw new ValidationError('call target', [
      {
        path: 'target',
        message: `expected a SIP URI (sip:user@host) or a phone number (+14155550123), got "${target}"`,
      },
    ]);
  }
  if (isSip && flags.dtmf !== undefined) {
    throw new ValidationError('call options', [
      { path: 'dtmf', message: 'DTMF keys go with a phone number, not a SIP URI' },
    ]);
  }
  const server = serverFlags(flags, 'call options');
  const local = server === undefined ? await startLocalServer() : undefined;
  if (local) io.stderr.write(`parley: calling from the local engine (${local.baseUrl})\n`);
  const { baseUrl, token } = local ?? server!;
  const options: TelephonyConnectOptions = {
    baseUrl,
    token,
    hangUp: io.interrupt$ ?? fromEvent(process, 'SIGINT'),
  };
  io.stderr.write(`parley: calling ${target}\n`);
  const call$ = isSip
    ? startSip({ uri: target }, options)
    : startPstn({ phoneNumber: target, ...(flags.dtmf === undefined ? {} : { dtmf: flags.dtmf }) }, options);
  let conversationId = '';
  try {
    await new Promise<void>((resolve, reject) => {
      call$.subscribe({
        next: (event) => {
          if (flags.json) io.stdout.write(`${JSON.stringify(event)}\n`);
          const line = describeEvent(event);
          if (event.type === 'telephony_stopped') conversationId = event.result.conversationId ?? '';
          if (line === undefined) return;
          if (line.stream === 'stderr') io.stderr.write(`parley: ${line.text}\n`);
          else if (!flags.json) io.stdout.write(`${line.text}\n`);
        },
        error: reject,
        complete: resolve,
      });
    });
  } finally {
    await local?.close();
  }
  return conversationId;
}

/** What a person at a terminal sees of an event: final transcript lines on stdout, call state on stderr. */
function describeEvent(
  event: TelephonyConnectionEvent,
): { stream: 'stdout' | 'stderr'; text: string } | undefined {
  if (event.type === 'telephony_connected') {
    return {
      stream: 'stderr',
      text: `connected (conversation ${event.connection.conversationId}); Ctrl-C hangs up`,
    };
  }
  if (event.type === 'telephony_stopped') {
    return { stream: 'stderr', text: `call ended; conversation ${event.result.conversationId ?? 'unknown'}` };
  }
  if (isSystemMessage(event, 'recognition_result') && event.message.isFinal) {
    const text =
      event.message.punctuated?.transcript ?? event.message.payload?.raw?.alternatives?.[0]?.transcript ?? '';
    return text.trim() === '' ? undefined : { stream: 'stdout', text };
  }
  if (event.type === 'insight_response') {
    return {
      stream: 'stdout',
      text: event.insights.map((i) => `  [${i.type}] ${i.payload.content}`).join('\n'),
    };
  }
  return undefined;
}
