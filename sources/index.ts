// Audio sources: every one is a cold Observable<AudioChunk>, torn down on unsubscribe.
export * from './AudioChunk.ts';
export * from './concealLoss.ts';
export * from './encodeRtpPacket.ts';
export * from './fromFfmpeg.ts';
export * from './fromFile.ts';
export * from './fromMic.ts';
export * from './fromReadable.ts';
export * from './fromRtp.ts';
export * from './g711.ts';
export * from './OverflowPolicy.ts';
export * from './parseRtpPacket.ts';
export * from './RtpJitterBuffer.ts';
export * from './toSourceError.ts';
