import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { decodeWav } from '../../../scripts/fixtures/decodeWav.ts';
import { synthesizeConversation } from '../../../scripts/fixtures/synthesizeConversation.ts';

/** A decoded server frame as tests read it. */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server sent
export type Frame = any;

/**
 * A real `ws` client of the streaming endpoints that records every text frame and ping payload,
 * with helpers to wait for a frame. Frames are parsed JSON, or `{ text }` for non-JSON text.
 */
export class LiveTestClient {
  readonly frames: Frame[] = [];
  readonly pings: Frame[] = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  #waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code) => {
        this.closeCode = code;
        this.#wake();
        resolve(code);
      });
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('the server sent a binary frame');
      const text = data.toString();
      let frame: Frame;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = { text };
      }
      this.frames.push(frame);
      this.#wake();
    });
    ws.on('ping', (data) => {
      this.pings.push(JSON.parse(data.toString()));
      this.#wake();
    });
    ws.on('error', () => undefined);
  }

  /** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
  static open(
    url: string,
    options: WebSocket.ClientOptions & { protocols?: string[] } = {},
  ): Promise<LiveTestClient> {
    const { protocols, ...rest } = options;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, rest);
      ws.once('open', () => resolve(new LiveTestClient(ws)));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error('refused'), { status: res.statusCode })),
      );
      ws.once('error', reject);
    });
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  /** Sends PCM as little-endian bytes in frames of `frameBytes` (default 8192, as the Python SDK does). */
  sendPcm(pcm: Int16Array, frameBytes = 8192): void {
    const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    for (let i = 0; i < bytes.length; i += frameBytes) this.ws.send(bytes.subarray(i, i + frameBytes));
  }

  /** Frames matching `match` so far. */
  all(match: (f: Frame) => boolean): Frame[] {
    return this.frames.filter(match);
  }

  /** Resolves with the first frame at index >= `from` matching `match`; rejects after `ms` or on close. */
  async next(match: (f: Frame) => boolean, ms = 30_000, from = 0): Promise<Frame> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found !== undefined) return found;
      if (this.closeCode !== undefined)
        throw new Error(`socket closed (${this.closeCode}) before the frame came`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no such frame within ${ms} ms; got ${this.frames.map(kind).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** `message/<subtype>` or the top-level type of a frame, for readable assertions. */
export function kind(frame: Frame): string {
  if (frame?.type === 'message') return `message/${frame.message?.type}`;
  return frame?.type ?? frame?.text ?? '?';
}

/** Matches a system message of one subtype. */
export const system =
  (subtype: string) =>
  (f: Frame): boolean =>
    f?.type === 'message' && f.message?.type === subtype;

/** A cut of the sample meeting: its first `turnCount` turns as 16 kHz mono PCM, with their texts. */
export async function meetingClip(
  turnCount = 3,
  name = 'sample-meeting',
): Promise<{ pcm: Int16Array; texts: string[]; speakers: string[] }> {
  const fixture = await synthesizeConversation(name);
  const wav = decodeWav(readFileSync(fixture.mixWav));
  const turns = fixture.turns.slice(0, turnCount);
  const end = Math.min(wav.samples.length, Math.ceil(((turns.at(-1)?.end ?? 0) + 0.8) * wav.sampleRate));
  return {
    pcm: wav.samples.slice(0, end),
    texts: turns.map((t) => t.text),
    speakers: turns.map((t) => t.speaker),
  };
}

/** One speaker's channel of a fixture (16 kHz mono PCM) and the texts they speak. */
export async function speakerChannel(
  name: string,
  speakerIndex: number,
  turnCount: number,
): Promise<{ pcm: Int16Array; texts: string[] }> {
  const fixture = await synthesizeConversation(name);
  const wav = decodeWav(readFileSync(fixture.channelsWav));
  const speaker = fixture.script.speakers[speakerIndex]?.id;
  const turns = fixture.turns.slice(0, turnCount);
  const end = Math.ceil(((turns.at(-1)?.end ?? 0) + 0.8) * wav.sampleRate);
  const out = new Int16Array(Math.min(end, wav.samples.length / wav.channels));
  for (let i = 0; i < out.length; i += 1) out[i] = wav.samples[i * wav.channels + speakerIndex] as number;
  return { pcm: out, texts: turns.filter((t) => t.speaker === speaker).map((t) => t.text) };
}

/** Lower-case words of a text, for comparing recognised and scripted speech. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
}
