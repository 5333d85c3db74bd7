/**
 * A run of decoded audio: signed 16-bit samples, one array per channel (one array when the
 * decoder was asked for mono), all the same length, at `sampleRate` Hz.
 */
export interface PcmBlock {
  sampleRate: number;
  channels: Int16Array[];
}
