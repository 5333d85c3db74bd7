import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PocketsphinxRecognizer } from '../../src/engine/asr/PocketsphinxRecognizer.ts';
import type { RecognizedWord } from '../../src/engine/asr/RecognitionEvent.ts';
import type { RecognizerWorkerPool } from '../../src/engine/asr/RecognizerWorkerPool.ts';
import { parseWavHeader } from '../../src/engine/audio/parseWavHeader.ts';

/** What one request to the loopback server carried. */
export interface ReceivedTranscription {
  fields: Record<string, string[]>;
  /** Seconds of audio in the uploaded WAV. */
  seconds: number;
  authorization: string | undefined;
}

/**
 * How the server answers: `openai` lists whole words at the top level; `whisper.cpp` lists
 * tokens inside segments, a leading space starting each word and longer words split in two.
 * `respond` overrides the answer for a request (status, body, delay) before recognition runs.
 */
export interface TranscriptionServerOptions {
  style?: 'openai' | 'whisper.cpp';
  pool: RecognizerWorkerPool;
  respond?: (
    request: ReceivedTranscription,
    index: number,
  ) => { status: number; body: string; delayMs?: number; headers?: Record<string, string> } | undefined;
}

/** A running loopback server. */
export interface TranscriptionServer {
  url: string;
  received: ReceivedTranscription[];
  close(): Promise<void>;
}

/**
 * A local server speaking OpenAI's `/v1/audio/transcriptions` (multipart upload, verbose JSON with
 * word timestamps) that recognises the uploaded audio with pocketsphinx, so the words it answers
 * with are real recognition of the audio sent, not canned text. Stands in for a user's own
 * whisper server, which cannot run here.
 */
export async function startTranscriptionServer(
  options: TranscriptionServerOptions,
): Promise<TranscriptionServer> {
  const received: ReceivedTranscription[] = [];
  const recognizer = new PocketsphinxRecognizer(options.pool);
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      res.writeHead(404).end('not found');
      return;
    }
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const form = await new Request('http://loopback/', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: Buffer.concat(parts),
    }).formData();
    const fields: Record<string, string[]> = {};
    let wav: Uint8Array | undefined;
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') fields[name] = [...(fields[name] ?? []), value];
      else wav = new Uint8Array(await value.arrayBuffer());
    }
    if (wav === undefined) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"no file"}}');
      return;
    }
    const header = parseWavHeader(Buffer.from(wav), true);
    if (!header) throw new Error('not a WAV upload');
    const data = wav.slice(header.dataOffset);
    const pcm = new Int16Array(data.buffer, data.byteOffset, Math.floor(data.byteLength / 2));
    const request: ReceivedTranscription = {
      fields,
      seconds: pcm.length / header.sampleRate,
      authorization: req.headers.authorization,
    };
    const index = received.push(request) - 1;
    const override = options.respond?.(request, index);
    if (override !== undefined) {
      if (override.delayMs) await new Promise((resolve) => setTimeout(resolve, override.delayMs));
      if (res.destroyed) return;
      res
        .writeHead(override.status, { 'content-type': 'application/json', ...override.headers })
        .end(override.body);
      return;
    }
    const session = await recognizer.open({ sampleRate: header.sampleRate });
    const words: RecognizedWord[] = [];
    const segments: Array<{ start: number; end: number; words: RecognizedWord[] }> = [];
    session.events$.subscribe((event) => {
      if (event.type !== 'final') return;
      words.push(...event.utterance.words);
      segments.push({ start: event.utterance.start, end: event.utterance.end, words: event.utterance.words });
    });
    await session.write(pcm.slice());
    await session.end();
    const text = words.map((w) => w.word).join(' ');
    const body =
      options.style === 'whisper.cpp'
        ? {
            task: 'transcribe',
            language: 'english',
            duration: request.seconds,
            text: ` ${text}`,
            segments: segments.map((s, id) => ({
              id,
              start: s.start,
              end: s.end,
              text: ` ${s.words.map((w) => w.word).join(' ')}`,
              avg_logprob: -0.2,
              words: s.words.flatMap((w) => tokens(w)),
            })),
          }
        : {
            task: 'transcribe',
            language: 'english',
            duration: request.seconds,
            text: capitalised(text),
            segments: segments.map((s, id) => ({
              id,
              start: s.start,
              end: s.end,
              text: s.words.map((w) => w.word).join(' '),
            })),
            words: words.map((w, i) => ({
              word: i === 0 ? capitalised(w.word) : w.word,
              start: w.start,
              end: w.end,
            })),
          };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** whisper.cpp-style tokens of a word: a leading space, long words in two pieces, a comma now and then. */
function tokens(w: RecognizedWord): Array<{ word: string; start: number; end: number; probability: number }> {
  if (w.word.length < 6)
    return [{ word: ` ${w.word}`, start: w.start, end: w.end, probability: w.confidence }];
  const middle = (w.start + w.end) / 2;
  const cut = Math.floor(w.word.length / 2);
  return [
    { word: ` ${w.word.slice(0, cut)}`, start: w.start, end: middle, probability: w.confidence },
    { word: `${w.word.slice(cut)},`, start: middle, end: w.end, probability: w.confidence },
  ];
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
