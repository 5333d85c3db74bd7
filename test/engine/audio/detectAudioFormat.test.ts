import { describe, expect, it } from 'vitest';
import { detectAudioFormat } from '../../../src/engine/audio/detectAudioFormat.ts';
import { UnsupportedMediaError } from '../../../src/errors/UnsupportedMediaError.ts';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('detectAudioFormat', () => {
  it.each([
    ['wav', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
    ['rf64', bytes('RF64', [0xff, 0xff, 0xff, 0xff], 'WAVE')],
    ['mp3', bytes('ID3', [4, 0, 0, 0, 0, 0, 0])],
    ['mp3', bytes([0xff, 0xfb, 0x90, 0x64, 0, 0])],
    ['aac', bytes([0xff, 0xf1, 0x50, 0x80, 0, 0])],
    ['mp4', bytes([0, 0, 0, 0x20], 'ftypisom')],
    ['mp4', bytes([0, 0, 0, 0x1c], 'ftypM4A ')],
    ['ogg', bytes('OggS', [0, 2])],
    ['flac', bytes('fLaC', [0, 0, 0, 0x22])],
    ['amr', bytes('#!AMR\n')],
    ['aiff', bytes('FORM', [0, 0, 0, 0], 'AIFF')],
    ['asf', bytes([0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11, 0xa6, 0xd9])],
    ['matroska', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x01])],
  ])('recognises %s from its first bytes', (container, head) => {
    expect(detectAudioFormat(head)).toBe(container);
  });

  it.each([
    [new Uint8Array(0), /empty/],
    [bytes('hello, this is not audio at all\n'), /Not audio: the input is text/],
    [bytes([0x89], 'PNG\r\n', [0x1a, 0x0a]), /PNG image/],
    [bytes('%PDF-1.7\n'), /PDF document/],
    [bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'), /Wrong header: RIFF file of type "AVI "/],
    [bytes('RIFF', [1, 2]), /truncated/],
    [bytes([0x00, 0x01, 0x02, 0x03, 0xfe, 0x80, 0x90, 0xa0]), /unrecognised header bytes 00010203fe8090a0/],
  ])('rejects bad input with a typed error naming the problem (%#)', (head, message) => {
    expect(() => detectAudioFormat(head)).toThrow(UnsupportedMediaError);
    expect(() => detectAudioFormat(head)).toThrow(message);
  });
});
