import { decodeG711 } from '../../../sources/g711.ts';
import { floatToInt16, Resampler } from '../../engine/audio/Resampler.ts';
import { UnsupportedMediaError } from '../../errors/UnsupportedMediaError.ts';
import type { StreamingAudioFormat } from '../../model/streamingSettings.ts';

/** The recogniser's rate: everything a speaker stream hears is brought to it. */
export const RECOGNIZER_RATE = 16000;

/** Encodings a speaker stream decodes; FLAC and Opus (which the Streaming API also names) are refused at start. */
export const DECODABLE_ENCODINGS: readonly StreamingAudioFormat['encoding'][] = ['LINEAR16', 'MULAW'];

/**
 * Turns the audio of one stream, in its configured wire format, into 16 kHz mono PCM.
 * LINEAR16 frames may split a sample across two frames (browsers send odd sizes), so a dangling
 * byte is carried to the next frame. The resampler keeps its filter state across frames, and
 * `flush()` releases its tail at a stop.
 */
export class StreamAudioDecoder {
  readonly format: StreamingAudioFormat;
  readonly #resampler: Resampler | undefined;
  #carry: number | undefined;

  /** @throws UnsupportedMediaError for FLAC and Opus (no decoder on the live path). */
  constructor(format: StreamingAudioFormat) {
    if (!DECODABLE_ENCODINGS.includes(format.encoding)) {
      throw new UnsupportedMediaError(
        `Unsupported encoding: ${format.encoding} (live sessions decode ${DECODABLE_ENCODINGS.join(', ')})`,
      );
    }
    this.format = format;
    this.#resampler =
      format.sampleRateHertz === RECOGNIZER_RATE
        ? undefined
        : new Resampler(format.sampleRateHertz, RECOGNIZER_RATE);
  }

  /** Bytes of one binary frame in the configured encoding -> 16 kHz samples (maybe empty). */
  decode(bytes: Uint8Array): Int16Array {
    return this.resample(this.#samples(bytes));
  }

  /** Samples at the configured rate -> 16 kHz samples. */
  resample(pcm: Int16Array): Int16Array {
    if (this.#resampler === undefined || pcm.length === 0) return pcm;
    const floats = new Float32Array(pcm.length);
    for (let i = 0; i < pcm.length; i += 1) floats[i] = (pcm[i] as number) / 32768;
    return floatToInt16(this.#resampler.push(floats));
  }

  /** The resampler's remaining output at the end of a stretch of audio. */
  flush(): Int16Array {
    this.#carry = undefined;
    return this.#resampler === undefined ? new Int16Array(0) : floatToInt16(this.#resampler.flush());
  }

  #samples(bytes: Uint8Array): Int16Array {
    if (this.format.encoding === 'MULAW') return decodeG711(bytes, 'mulaw');
    let data = bytes;
    if (this.#carry !== undefined && bytes.length > 0) {
      data = new Uint8Array(bytes.length + 1);
      data[0] = this.#carry;
      data.set(bytes, 1);
      this.#carry = undefined;
    }
    const count = data.length >> 1;
    if (data.length % 2 === 1) this.#carry = data[data.length - 1];
    const out = new Int16Array(count);
    const view = new DataView(data.buffer, data.byteOffset, count * 2);
    for (let i = 0; i < count; i += 1) out[i] = view.getInt16(i * 2, true);
    return out;
  }
}
