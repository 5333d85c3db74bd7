import { describe, expect, it } from 'vitest';
import { chunkFromFloat32, chunkFromInt16 } from '../../sources/AudioChunk.ts';
import { encodeG711 } from '../../sources/g711.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { streamingUrl } from '../../src/streaming/streamingUrl.ts';
import { wireBytesOf, wireFormatOf } from '../../src/streaming/wireAudio.ts';

describe('wireAudio', () => {
  it('sends s16le as LINEAR16 unchanged and 8 kHz mu-law as MULAW unchanged', () => {
    const pcm = chunkFromInt16(Int16Array.from([1, -2, 3]), { sampleRate: 16000, channels: 1 });
    expect(wireFormatOf(pcm.format)).toEqual({ encoding: 'LINEAR16', sampleRateHertz: 16000 });
    expect(wireBytesOf(pcm)).toBe(pcm.data);
    const mulaw = {
      data: encodeG711(Int16Array.from([100, -100]), 'mulaw'),
      format: { sampleRate: 8000, channels: 1, encoding: 'mulaw' as const },
    };
    expect(wireFormatOf(mulaw.format)).toEqual({ encoding: 'MULAW', sampleRateHertz: 8000 });
    expect(wireBytesOf(mulaw)).toBe(mulaw.data);
  });

  it('converts floats and A-law to LINEAR16', () => {
    const floats = chunkFromFloat32(Float32Array.from([0.5, -0.5]), { sampleRate: 24000, channels: 1 });
    expect(wireFormatOf(floats.format)).toEqual({ encoding: 'LINEAR16', sampleRateHertz: 24000 });
    const bytes = wireBytesOf(floats);
    expect([bytes.readInt16LE(0), bytes.readInt16LE(2)]).toEqual([16384, -16384]);
    const alaw = chunkFromInt16(Int16Array.from([1000]), { sampleRate: 8000, channels: 1, encoding: 'alaw' });
    expect(wireFormatOf(alaw.format).encoding).toBe('LINEAR16');
    expect(Math.abs(wireBytesOf(alaw).readInt16LE(0) - 1000)).toBeLessThan(64);
  });

  it('rejects stereo and out-of-range rates, naming the operator to use', () => {
    expect(() => wireFormatOf({ sampleRate: 16000, channels: 2, encoding: 's16le' })).toThrow(/downmix\(\)/);
    expect(() => wireFormatOf({ sampleRate: 96000, channels: 1, encoding: 's16le' })).toThrow(
      /resample\(16000\)/,
    );
  });
});

describe('streamingUrl', () => {
  it('maps http(s) to ws(s), keeps a path prefix, encodes the id and adds the token and extra query', () => {
    expect(streamingUrl('https://api.example.com', 'abc==', { token: 't k' })).toBe(
      'wss://api.example.com/v1/streaming/abc%3D%3D?access_token=t+k',
    );
    expect(streamingUrl('http://h:8/base/', 'x123', { path: 'realtime', query: { resumeKey: 'k' } })).toBe(
      'ws://h:8/base/v1/realtime/insights/x123?resumeKey=k',
    );
  });

  it('rejects a relative URL, another scheme, and a bad connection id', () => {
    expect(() => streamingUrl('localhost', 'x')).toThrow(ValidationError);
    expect(() => streamingUrl('ftp://h', 'x')).toThrow(/http, https, ws or wss/);
    expect(() => streamingUrl('http://h', 'a b')).toThrow(/connectionId/);
  });
});
