import { map, type OperatorFunction } from 'rxjs';
import { type AudioChunk, chunkFromFloat32, linearEncoding, toFloat32 } from '../sources/AudioChunk.ts';

/**
 * Mixes every channel down to one by averaging, frame by frame: N frames in, N frames out.
 * Mono chunks pass through untouched; mixed ones come out in a linear encoding (G.711 becomes s16le).
 */
export function downmix(): OperatorFunction<AudioChunk, AudioChunk> {
  return map((chunk) => {
    const { format } = chunk;
    if (format.channels === 1) return chunk;
    const interleaved = toFloat32(chunk);
    const count = format.channels;
    const frames = interleaved.length / count;
    const mono = new Float32Array(frames);
    for (let i = 0; i < frames; i += 1) {
      let sum = 0;
      for (let c = 0; c < count; c += 1) sum += interleaved[i * count + c] as number;
      mono[i] = sum / count;
    }
    return chunkFromFloat32(mono, {
      sampleRate: format.sampleRate,
      channels: 1,
      encoding: linearEncoding(format.encoding),
    });
  });
}
