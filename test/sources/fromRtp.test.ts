import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AudioChunk, frameCount, toInt16 } from '../../sources/AudioChunk.ts';
import { encodeRtpPacket } from '../../sources/encodeRtpPacket.ts';
import { type FromRtpOptions, fromRtp } from '../../sources/fromRtp.ts';
import { decodeG711, encodeG711 } from '../../sources/g711.ts';
import { ConnectionError } from '../../src/errors/ConnectionError.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { type AudioFixtures, ffmpegRaw, makeAudioFixtures } from './audioFixtures.ts';

let fx: AudioFixtures;
beforeAll(() => {
  fx = makeAudioFixtures();
});

/** Subscribes to fromRtp on a free port; resolves the port once bound and the audio once idle. */
function listen(options: Omit<FromRtpOptions, 'port'>): {
  port: Promise<number>;
  audio: Promise<AudioChunk[]>;
} {
  let bound: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => {
    bound = resolve;
  });
  const audio$: Observable<AudioChunk> = fromRtp({
    port: 0,
    idleTimeoutMs: 300,
    ...options,
    onListening: (address: AddressInfo) => bound(address.port),
  });
  return { port, audio: lastValueFrom(audio$.pipe(toArray())) };
}

const ffmpegSend = (input: string, codecArgs: string[], port: number): Promise<void> =>
  new Promise((resolve, reject) =>
    execFile(
      'ffmpeg',
      ['-v', 'error', '-i', input, ...codecArgs, '-f', 'rtp', `rtp://127.0.0.1:${port}`],
      (error) => (error ? reject(error) : resolve()),
    ),
  );
const samples = (chunks: AudioChunk[]) => Int16Array.from(chunks.flatMap((c) => Array.from(toInt16(c))));

describe('fromRtp with real RTP from ffmpeg on loopback', () => {
  it('decodes PCMU to exactly the samples ffmpeg encoded', async () => {
    const { port, audio } = listen({});
    await ffmpegSend(fx.wav16k, ['-ar', '8000', '-ac', '1', '-acodec', 'pcm_mulaw'], await port);
    const chunks = await audio;
    expect(chunks[0]?.format).toEqual({ sampleRate: 8000, channels: 1, encoding: 's16le' });
    expect(samples(chunks)).toEqual(decodeG711(ffmpegRaw(fx.wav16k, 'mulaw', 8000), 'mulaw'));
  });

  it('decodes PCMA', async () => {
    const { port, audio } = listen({ payloadType: 8 });
    await ffmpegSend(fx.wav8k, ['-acodec', 'pcm_alaw'], await port);
    expect(samples(await audio)).toEqual(decodeG711(ffmpegRaw(fx.wav8k, 'alaw', 8000), 'alaw'));
  });

  it('decodes L16 (payload type 11, 44.1 kHz, network byte order)', async () => {
    const { port, audio } = listen({});
    await ffmpegSend(fx.wav8k, ['-ar', '44100', '-ac', '1', '-acodec', 'pcm_s16be'], await port);
    const chunks = await audio;
    expect(chunks[0]?.format.sampleRate).toBe(44100);
    const expected = ffmpegRaw(fx.wav8k, 's16le', 44100);
    expect(Buffer.concat(chunks.map((c) => c.data))).toEqual(expected);
  });
});

describe('fromRtp jitter handling', () => {
  const FRAMES = 160;
  const tone = Int16Array.from({ length: FRAMES * 12 }, (_, i) => Math.round(6000 * Math.sin(i / 5)));
  const packets = tone.length / FRAMES;
  const packet = (i: number) =>
    encodeRtpPacket({
      marker: i === 0,
      payloadType: 0,
      sequenceNumber: (65530 + i) & 0xffff,
      timestamp: 1000 + i * FRAMES,
      ssrc: 0x1234,
      csrcs: [],
      payload: encodeG711(tone.subarray(i * FRAMES, (i + 1) * FRAMES), 'mulaw'),
    });
  const send = async (port: number, order: number[], extra: Buffer[] = []) => {
    const socket = createSocket('udp4');
    for (const datagram of [...extra, ...order.map(packet)]) {
      await new Promise<void>((resolve, reject) =>
        socket.send(datagram, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      );
    }
    socket.close();
  };

  it('reorders late packets across the sequence wrap, skipping junk and other payload types', async () => {
    const { port, audio } = listen({});
    const dtmf = encodeRtpPacket({
      marker: false,
      payloadType: 101,
      sequenceNumber: 1,
      timestamp: 1,
      ssrc: 9,
      csrcs: [],
      payload: Buffer.alloc(4),
    });
    await send(await port, [0, 2, 1, 3, 6, 4, 5, 7, 9, 8, 10, 11], [Buffer.from('not rtp'), dtmf]);
    const expected = decodeG711(encodeG711(tone, 'mulaw'), 'mulaw');
    expect(samples(await audio)).toEqual(expected);
  });

  it('conceals lost packets so the timeline keeps its length', async () => {
    const { port, audio } = listen({ jitterPackets: 2 });
    const lost = [4, 5];
    await send(
      await port,
      [...Array(packets).keys()].filter((i) => !lost.includes(i)),
    );
    const out = samples(await audio);
    expect(out.length).toBe(tone.length);
    const expected = decodeG711(encodeG711(tone, 'mulaw'), 'mulaw');
    expect(out.subarray(0, 4 * FRAMES)).toEqual(expected.subarray(0, 4 * FRAMES));
    expect(out.subarray(6 * FRAMES)).toEqual(expected.subarray(6 * FRAMES));
    // The gap starts as a faded copy of packet 3 and ends in silence.
    expect(out[4 * FRAMES]).toBe(expected[3 * FRAMES]);
    expect(out.subarray(5 * FRAMES, 6 * FRAMES).every((s) => s === 0)).toBe(true);
  });

  it('conceals a loss at the end of a burst once the wait deadline passes', async () => {
    const { port, audio } = listen({ jitterPackets: 8, maxDelayMs: 30 });
    await send(await port, [0, 1, 3]);
    const chunks = await audio;
    expect(chunks.reduce((n, c) => n + frameCount(c), 0)).toBe(4 * FRAMES);
  });

  it('releases its port on unsubscribe, and reports a port in use as ConnectionError', async () => {
    let bound = 0;
    const first = fromRtp({ port: 0, onListening: (a) => (bound = a.port) }).subscribe();
    while (bound === 0) await new Promise((r) => setTimeout(r, 5));
    const clash = await lastValueFrom(fromRtp({ port: bound })).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(ConnectionError);
    first.unsubscribe();
    let rebound = 0;
    const again = fromRtp({ port: bound, onListening: (a) => (rebound = a.port) }).subscribe();
    while (rebound === 0) await new Promise((r) => setTimeout(r, 5));
    expect(rebound).toBe(bound);
    again.unsubscribe();
  });

  it('validates its options', () => {
    expect(() => fromRtp({ port: 70000 })).toThrow(ValidationError);
    expect(() => fromRtp({ port: 0, payloadType: 96 })).toThrow(
      /codec: is required for dynamic payload type 96/,
    );
  });
});
