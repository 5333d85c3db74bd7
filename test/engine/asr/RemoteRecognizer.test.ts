import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { from, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecognitionEvent, RecognizedWord } from '../../../src/engine/asr/RecognitionEvent.ts';
import { RecognizerWorkerPool } from '../../../src/engine/asr/RecognizerWorkerPool.ts';
import { RemoteRecognizer, transcriptionEndpoint } from '../../../src/engine/asr/RemoteRecognizer.ts';
import { wordErrorRate } from '../../../src/engine/asr/wordErrorRate.ts';
import { speechToMessages } from '../../../src/engine/speechToMessages.ts';
import { RemoteRecognizerError } from '../../../src/errors/RemoteRecognizerError.ts';
import { TimeoutError } from '../../../src/errors/TimeoutError.ts';
import { ValidationError } from '../../../src/errors/ValidationError.ts';
import { startTranscriptionServer, type TranscriptionServer } from '../../support/transcriptionServer.ts';
import { synthesizeLines } from './speechFixture.ts';

const LINES = [
  { voice: 'kal16', text: 'We will meet on Tuesday to review the budget.' },
  { voice: 'slt', text: 'Please send the contract to the customer by Friday.' },
  { voice: 'kal16', text: 'I can do that after lunch tomorrow.' },
] as const;
const REFERENCE = LINES.map((l) => l.text).join(' ');
const pool = new RecognizerWorkerPool(2);
/** The loopback server recognises every chunk with pocketsphinx: slow on a loaded machine. */
const RECOGNITION_MS = 180_000;
let fixture: ReturnType<typeof synthesizeLines>;
let pcm: Int16Array;
let openai: TranscriptionServer;
let whisperCpp: TranscriptionServer;

function pieces(samples: Int16Array, size: number): Int16Array[] {
  const out: Int16Array[] = [];
  for (let at = 0; at < samples.length; at += size) out.push(samples.slice(at, at + size));
  return out;
}

function wordsOf(events: RecognitionEvent[]): RecognizedWord[] {
  return events.flatMap((e) => (e.type === 'final' ? e.utterance.words : []));
}

/** A server answering every request the same way, for failure cases. */
function failing(
  respond: NonNullable<Parameters<typeof startTranscriptionServer>[0]['respond']>,
): Promise<TranscriptionServer> {
  return startTranscriptionServer({ pool, respond });
}

async function recognizeWith(recognizer: RemoteRecognizer, samples = pcm): Promise<RecognitionEvent[]> {
  return lastValueFrom(recognizer.recognize(from(pieces(samples, 4000))).pipe(toArray()));
}

beforeAll(async () => {
  fixture = synthesizeLines([...LINES]);
  const wav = readFileSync(fixture.wav);
  pcm = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
  openai = await startTranscriptionServer({ pool });
  whisperCpp = await startTranscriptionServer({ pool, style: 'whisper.cpp' });
});

afterAll(async () => {
  await Promise.all([openai.close(), whisperCpp.close()]);
  await pool.close();
});

describe('transcriptionEndpoint', () => {
  it('adds the transcription path to a base URL, with or without /v1, and keeps a full endpoint', () => {
    expect(transcriptionEndpoint('http://127.0.0.1:8080').href).toBe(
      'http://127.0.0.1:8080/v1/audio/transcriptions',
    );
    expect(transcriptionEndpoint('http://h:1/v1/').href).toBe('http://h:1/v1/audio/transcriptions');
    expect(transcriptionEndpoint('https://h/proxy/v1').href).toBe('https://h/proxy/v1/audio/transcriptions');
    expect(transcriptionEndpoint('http://h/x/audio/transcriptions?k=1').href).toBe(
      'http://h/x/audio/transcriptions?k=1',
    );
  });

  it('refuses what cannot be an endpoint, naming the field', () => {
    for (const url of ['not a url', 'ftp://h/v1', 'file:///etc/passwd', 'http://user:secret@h/v1']) {
      expect(() => new RemoteRecognizer({ url })).toThrow(ValidationError);
    }
    expect(() => new RemoteRecognizer({ url: 'http://h', timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});

describe('RemoteRecognizer against a loopback OpenAI-compatible server', () => {
  it(
    'sends chunks cut at pauses and gives back the words, timed from the start of the stream',
    async () => {
      const recognizer = new RemoteRecognizer({
        url: openai.url,
        apiKey: 'sk-local',
        chunks: { minSeconds: 1 },
      });
      const before = openai.received.length;
      const events = await recognizeWith(recognizer);
      const requests = openai.received.slice(before);
      expect(requests.length).toBeGreaterThanOrEqual(2);
      const first = requests[0];
      expect(first?.fields.response_format).toEqual(['verbose_json']);
      expect(first?.fields['timestamp_granularities[]']).toEqual(['word', 'segment']);
      expect(first?.fields.model).toEqual(['whisper-1']);
      expect(first?.fields.language).toEqual(['en']);
      expect(first?.authorization).toBe('Bearer sk-local');
      // Every chunk sent is a piece of the input; together they cover the speech.
      const sent = requests.reduce((s, r) => s + r.seconds, 0);
      expect(sent).toBeLessThanOrEqual(pcm.length / 16000 + 0.01);
      expect(sent).toBeGreaterThan(fixture.turns.reduce((s, t) => s + t.end - t.start, 0));
      expect(events.every((e) => e.type === 'final')).toBe(true);
      const words = wordsOf(events);
      const text = words.map((w) => w.word).join(' ');
      expect(wordErrorRate(REFERENCE, text)).toBeLessThan(0.35);
      expect(text).toMatch(/budget/);
      expect(text).toMatch(/friday/);
      expect(text).not.toMatch(/[A-Z]/);
      for (const [i, w] of words.entries()) {
        expect(w.end).toBeGreaterThanOrEqual(w.start);
        if (i > 0) expect(w.start).toBeGreaterThanOrEqual((words[i - 1] as RecognizedWord).start);
      }
      // "friday" is said in the second line, so its time must fall inside that line.
      const friday = words.find((w) => w.word === 'friday') as RecognizedWord;
      const second = fixture.turns[1] as { start: number; end: number };
      expect(friday.start).toBeGreaterThan(second.start - 0.3);
      expect(friday.end).toBeLessThan(second.end + 0.3);
    },
    RECOGNITION_MS,
  );

  it(
    'reads whisper.cpp answers (tokens in segments) into the same words',
    async () => {
      const options = { chunks: { minSeconds: 1 } };
      const [a, b] = await Promise.all([
        recognizeWith(new RemoteRecognizer({ url: openai.url, ...options })),
        recognizeWith(new RemoteRecognizer({ url: `${whisperCpp.url}/v1`, ...options })),
      ]);
      expect(wordsOf(b).map((w) => w.word)).toEqual(wordsOf(a).map((w) => w.word));
      expect(wordsOf(b).map((w) => w.start)).toEqual(wordsOf(a).map((w) => w.start));
    },
    RECOGNITION_MS,
  );

  it(
    'sends custom vocabulary as the prompt, spelled as given',
    async () => {
      const recognizer = new RemoteRecognizer({ url: openai.url });
      const before = openai.received.length;
      const session = await recognizer.open({ customVocabulary: ['Kubernetes', 'Acme  Corp', ''] });
      await session.write(pcm);
      await session.end();
      expect(openai.received[before]?.fields.prompt).toEqual(['Glossary: Kubernetes, Acme Corp.']);
    },
    RECOGNITION_MS,
  );

  it(
    'resamples 8 kHz telephone audio to 16 kHz before sending',
    async () => {
      const narrow = new Int16Array(Math.floor(pcm.length / 2));
      for (let i = 0; i < narrow.length; i += 1) narrow[i] = pcm[i * 2] as number;
      const before = openai.received.length;
      const events = await lastValueFrom(
        new RemoteRecognizer({ url: openai.url })
          .recognize(from(pieces(narrow, 800)), { mode: 'phone' })
          .pipe(toArray()),
      );
      expect(openai.received.slice(before).reduce((s, r) => s + r.seconds, 0)).toBeCloseTo(
        pcm.length / 16000,
        0,
      );
      expect(wordsOf(events).length).toBeGreaterThan(5);
    },
    RECOGNITION_MS,
  );

  it(
    'feeds speechToMessages: diarized messages from the remote words',
    async () => {
      const messages = await speechToMessages(fixture.wav, {
        recognizer: new RemoteRecognizer({ url: openai.url, chunks: { minSeconds: 1 } }),
        enableSpeakerDiarization: true,
        diarizationSpeakerCount: 2,
      });
      const text = messages.map((m) => m.text).join(' ');
      expect(wordErrorRate(REFERENCE, text)).toBeLessThan(0.35);
      expect(new Set(messages.map((m) => m.speaker.id)).size).toBe(2);
      const fridayMessage = messages.find((m) => m.text.includes('friday'));
      const budgetMessage = messages.find((m) => m.text.includes('budget'));
      expect(fridayMessage?.speaker.id).not.toBe(budgetMessage?.speaker.id);
    },
    RECOGNITION_MS,
  );
});

describe('RemoteRecognizer failures', () => {
  it('fails with TimeoutError when the server is slower than timeoutMs', async () => {
    const slow = await failing(() => ({ status: 200, body: '{"text":""}', delayMs: 3000 }));
    try {
      const recognizer = new RemoteRecognizer({ url: slow.url, timeoutMs: 300, retries: 0 });
      await expect(recognizeWith(recognizer)).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      await slow.close();
    }
  });

  it(
    'tries a 5xx again and then succeeds; a 4xx fails at once with the upstream status',
    async () => {
      const flaky = await failing((_, index) =>
        index === 0 ? { status: 503, body: 'warming up', headers: { 'retry-after': '0' } } : undefined,
      );
      try {
        const events = await recognizeWith(
          new RemoteRecognizer({ url: flaky.url, chunks: { maxSeconds: 30, minSeconds: 30 } }),
        );
        expect(wordsOf(events).length).toBeGreaterThan(5);
        expect(flaky.received).toHaveLength(2);
      } finally {
        await flaky.close();
      }
      const refusing = await failing(() => ({ status: 400, body: '{"error":{"message":"bad model"}}' }));
      try {
        const error = await recognizeWith(new RemoteRecognizer({ url: refusing.url, concurrency: 1 })).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(RemoteRecognizerError);
        expect((error as RemoteRecognizerError).upstreamStatus).toBe(400);
        expect((error as RemoteRecognizerError).message).toMatch(/bad model/);
        expect(refusing.received).toHaveLength(1);
      } finally {
        await refusing.close();
      }
    },
    RECOGNITION_MS,
  );

  it('refuses an answer over maxResponseBytes, one that is not JSON, and JSON that is no transcription', async () => {
    const cases: Array<[string, RegExp]> = [
      [JSON.stringify({ text: 'x'.repeat(5000) }), /limit of 1024 bytes/],
      ['<html>proxy error</html>', /not JSON/],
      [JSON.stringify({ transcript: 'hello' }), /not a verbose transcription \(text/],
      [JSON.stringify({ text: 'hi', words: [{ word: 'hi', start: 'soon', end: 1 }] }), /words\.0\.start/],
    ];
    for (const [body, message] of cases) {
      const odd = await failing(() => ({ status: 200, body }));
      try {
        const error = await recognizeWith(
          new RemoteRecognizer({ url: odd.url, maxResponseBytes: 1024 }),
        ).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RemoteRecognizerError);
        expect(String((error as Error).message)).toMatch(message);
      } finally {
        await odd.close();
      }
    }
  });

  it('fails with a retryable RemoteRecognizerError when nothing listens', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const error = await recognizeWith(
      new RemoteRecognizer({ url: `http://127.0.0.1:${port}`, retries: 1 }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteRecognizerError);
    expect((error as RemoteRecognizerError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/could not be reached/);
  });

  it('aborts requests in flight on unsubscribe and emits nothing after', async () => {
    const slow = await failing(() => ({ status: 200, body: '{"text":"late"}', delayMs: 2000 }));
    try {
      const events: RecognitionEvent[] = [];
      const subscription = new RemoteRecognizer({ url: slow.url })
        .recognize(from(pieces(pcm, 4000)))
        .subscribe({
          next: (e) => events.push(e),
          error: (e: unknown) => events.push({ type: 'partial', text: String(e), start: -1 }),
        });
      while (slow.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      subscription.unsubscribe();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(events).toEqual([]);
    } finally {
      await slow.close();
    }
  });
});
