import type { Readable, Writable } from 'node:stream';
import { BehaviorSubject, fromEvent, type Observable, takeUntil } from 'rxjs';
import { streamingSession } from '../../operators/streamingSession.ts';
import type { AudioChunk } from '../../sources/AudioChunk.ts';
import { fromFfmpeg } from '../../sources/fromFfmpeg.ts';
import { fromFile } from '../../sources/fromFile.ts';
import { fromMic } from '../../sources/fromMic.ts';
import { fromReadable } from '../../sources/fromReadable.ts';
import { fromRtp } from '../../sources/fromRtp.ts';
import { ValidationError } from '../errors/ValidationError.ts';
import type { StreamingInsightType } from '../model/streamingClientMessages.ts';
import { conversationIdOf } from '../model/streamingSystemMessages.ts';
import type { StreamingEvent } from '../streaming/StreamingEvent.ts';
import { startLocalServer } from '../streaming/startLocalServer.ts';
import { serverFlags } from './serverFlags.ts';
import { timeZoneFlag } from './timeZoneFlag.ts';

/** The options of `parley live`. */
export interface LiveFlags {
  file?: string;
  ffmpeg?: string;
  rtp?: string;
  device?: string;
  rate: string;
  fast?: boolean;
  url?: string;
  token?: string;
  speaker?: string;
  timezone?: string;
  insights: string[];
  json?: boolean;
}

/** Where the command reads and writes (the process's streams; tests pass their own). */
export interface LiveIo {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  /** Emits when the user asks to stop (default: SIGINT). */
  interrupt$?: Observable<unknown>;
}

const INSIGHT_TYPES = ['action_item', 'question', 'follow_up'] as const;

function positiveInt(value: string, path: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ValidationError('live options', [
      { path, message: `expected a whole number from 1 to ${max}, got "${value}"` },
    ]);
  }
  return n;
}

/** The audio source the flags choose: `-` (raw PCM on stdin), a file, ffmpeg, RTP, or the microphone. */
function audioSource(
  stdinDash: boolean,
  flags: LiveFlags,
  io: LiveIo,
  paused: Observable<boolean>,
): Observable<AudioChunk> {
  const chosen = [stdinDash, flags.file, flags.ffmpeg, flags.rtp].filter(
    (x) => x !== undefined && x !== false,
  );
  if (chosen.length > 1) {
    throw new ValidationError('live options', [
      { path: 'source', message: 'choose one of -, --file, --ffmpeg and --rtp (none = microphone)' },
    ]);
  }
  const sampleRate = positiveInt(flags.rate, 'rate', 48000);
  if (stdinDash) {
    return fromReadable(io.stdin, {
      format: { sampleRate, channels: 1, encoding: 's16le' },
      name: 'stdin',
      paused,
    });
  }
  if (flags.file !== undefined) return fromFile(flags.file, { realtime: !flags.fast });
  if (flags.ffmpeg !== undefined) return fromFfmpeg(flags.ffmpeg, { realtime: !flags.fast, paused });
  if (flags.rtp !== undefined) {
    const port = positiveInt(flags.rtp, 'rtp', 65535);
    io.stderr.write(`parley: listening for RTP on udp://127.0.0.1:${port}\n`);
    return fromRtp({ port });
  }
  return fromMic({ sampleRate, ...(flags.device === undefined ? {} : { device: flags.device }) });
}

/** Writes a session for a person: the current sentence redrawn in place (on a terminal), finals kept, insights as they come. */
function humanPrinter(out: LiveIo['stdout']): { event(e: StreamingEvent): void; end(): void } {
  const tty = out.isTTY === true;
  let partial = '';
  const clearLine = (): void => {
    if (tty && partial) out.write('\r\x1b[2K');
  };
  const redraw = (): void => {
    if (tty && partial) out.write(partial);
  };
  const line = (text: string): void => {
    clearLine();
    out.write(`${text}\n`);
    redraw();
  };
  return {
    event(e) {
      if (e.type === 'message' && e.message.type === 'recognition_result') {
        const text =
          e.message.punctuated?.transcript ?? e.message.payload.raw.alternatives[0]?.transcript ?? '';
        if (!e.message.isFinal) {
          if (!tty) return;
          clearLine();
          partial = text ? `… ${text}` : '';
          redraw();
        } else {
          clearLine();
          partial = '';
        }
        return;
      }
      if (e.type === 'message_response') {
        for (const m of e.messages) line(`${m.from.name ? `${m.from.name}: ` : ''}${m.payload.content}`);
      } else if (e.type === 'insight_response') {
        for (const i of e.insights) {
          const extra = [i.assignee?.name, i.dueBy?.value].filter(Boolean).join(', ');
          line(`  [${i.type.replace('_', ' ')}] ${i.payload.content}${extra ? ` (${extra})` : ''}`);
        }
      } else if (e.type === 'topic_response') {
        line(`  [topics] ${e.topics.map((t) => t.phrases).join(', ')}`);
      } else if (e.type === 'tracker_response' && e.isFinal) {
        for (const t of e.trackers) line(`  [tracker ${t.name}] ${t.matches.map((m) => m.value).join(', ')}`);
      } else if (e.type === 'message' && e.message.type === 'error') {
        line(`  [server error] ${e.message.message ?? ''} ${e.message.details ?? ''}`.trimEnd());
      }
    },
    end() {
      clearLine();
      partial = '';
    },
  };
}

/** Runs one live session to its end; resolves with the conversation id (when the server gave one). */
export async function runLive(stdinDash: boolean, flags: LiveFlags, io: LiveIo): Promise<string | undefined> {
  const insightTypes = flags.insights.map((t) => t.replace('-', '_'));
  for (const t of insightTypes) {
    if (!(INSIGHT_TYPES as readonly string[]).includes(t)) {
      throw new ValidationError('live options', [
        { path: 'insights', message: `expected action_item, question or follow_up, got "${t}"` },
      ]);
    }
  }
  const server = serverFlags(flags, 'live options');
  const timezone = timeZoneFlag(flags.timezone);
  const lagging = new BehaviorSubject(false);
  const audio$ = audioSource(stdinDash, flags, io, lagging);
  const local = server === undefined ? await startLocalServer() : undefined;
  if (local) io.stderr.write(`parley: live session on the local engine (${local.baseUrl})\n`);
  const target = local ?? server!;
  const printer = humanPrinter(io.stdout);
  let conversation: string | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      audio$
        .pipe(
          // Ctrl-C ends the audio; the session then flushes and completes, so the last sentence is kept.
          takeUntil(io.interrupt$ ?? fromEvent(process, 'SIGINT')),
          streamingSession({
            ...target,
            insightTypes: insightTypes as StreamingInsightType[],
            ...(flags.speaker === undefined ? {} : { speaker: { name: flags.speaker } }),
            ...(timezone === undefined ? {} : { config: { timezone } }),
            sendBuffer: { lag: lagging, ...(flags.fast ? { maxQueuedMs: 60 * 60_000 } : {}) },
          }),
        )
        .subscribe({
          next: (event) => {
            if (event.type === 'message') conversation ??= conversationIdOf(event.message);
            if (flags.json) io.stdout.write(`${JSON.stringify(event)}\n`);
            else printer.event(event);
          },
          error: reject,
          complete: resolve,
        });
    });
  } finally {
    printer.end();
    await local?.close();
  }
  if (conversation !== undefined) io.stderr.write(`parley: conversation ${conversation}\n`);
  return conversation;
}
