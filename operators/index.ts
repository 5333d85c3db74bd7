// RxJS operators over audio, one per file.
export * from './downmix.ts';
export * from './frames.ts';
export * from './realtime.ts';
export * from './resample.ts';
export * from './vad.ts';
