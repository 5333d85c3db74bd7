import { describe, expect, it } from 'vitest';
import { toWireTime } from '../../src/model/streamingWireTime.ts';
import type { AudioSegment } from '../../src/streaming/AudioSegment.ts';
import { ResumeState } from '../../src/streaming/ResumeState.ts';
import { DEFAULT_RECONNECT } from '../../src/streaming/reconnectPolicy.ts';

const LINEAR16 = { encoding: 'LINEAR16' as const, sampleRateHertz: 16000 };

/** 100 ms of 16 kHz LINEAR16 (3200 bytes), not yet on the byte timeline. */
function chunk(): AudioSegment {
  return { bytes: Buffer.alloc(3200), format: LINEAR16, startMs: 0, startByte: -1, ms: 100 };
}

/** Sends `n` chunks on the current socket; returns them. */
function send(state: ResumeState, n: number): AudioSegment[] {
  return Array.from({ length: n }, () => {
    const segment = chunk();
    state.place(segment);
    state.sent(segment);
    return segment;
  });
}

const startBytes = (segments: AudioSegment[]) => segments.map((s) => s.startByte);
const wordEndingAt = (seconds: number) => [{ endTime: toWireTime(seconds) }];

describe('ResumeState', () => {
  it('places audio on one byte timeline, in the order it is first sent, keeping a replayed place', () => {
    const state = new ResumeState(DEFAULT_RECONNECT);
    const sent = send(state, 3);
    expect(startBytes(sent)).toEqual([0, 3200, 6400]);
    const again = sent[1] as AudioSegment;
    state.place(again);
    expect(again.startByte).toBe(3200);
  });

  it('names the stream and the last result in the next URL, with a policy only', () => {
    const state = new ResumeState(DEFAULT_RECONNECT);
    expect(Object.keys(state.query())).toEqual(['resumeKey']);
    expect(state.isNewResult(3)).toBe(true);
    expect(state.isNewResult(3)).toBe(false);
    expect(state.isNewResult(2)).toBe(false);
    expect(state.isNewResult(undefined)).toBe(true);
    expect(state.query()).toEqual({ resumeKey: state.resumeKey, lastSeq: '3' });
    const plain = new ResumeState(undefined);
    expect(plain.resumeKey).toBeUndefined();
    plain.isNewResult(1);
    expect(plain.query()).toEqual({});
  });

  it('replays from the byte Parley acknowledged, and from where a resumed stream stands', () => {
    const state = new ResumeState(DEFAULT_RECONNECT);
    send(state, 5);
    state.acknowledged(2 * 3200);
    state.newSocket();
    const replay = state.rejoined({ resumeKey: 'k', resumed: true, audioBytes: 3 * 3200 });
    expect(startBytes(replay)).toEqual([9600, 12800]);
  });

  it('reads final results as acknowledgements from a server without the protocol', () => {
    const state = new ResumeState(DEFAULT_RECONNECT);
    send(state, 5);
    // The last word ends at 250 ms of this socket's audio: 8000 bytes, in the middle of the third chunk.
    state.finalResult(wordEndingAt(0.25), LINEAR16);
    state.newSocket();
    const replay = state.rejoined({});
    expect(startBytes(replay)).toEqual([8000, 9600, 12800]);
    expect(replay[0]?.bytes.length).toBe(1600);
  });

  it('ignores final results once the server acknowledges explicitly', () => {
    const state = new ResumeState(DEFAULT_RECONNECT);
    send(state, 5);
    state.acknowledged(3200);
    state.finalResult(wordEndingAt(0.45), LINEAR16);
    state.newSocket();
    expect(startBytes(state.rejoined({}))).toEqual([3200, 6400, 9600, 12800]);
  });

  it('counts a fresh stream’s bytes from the first byte sent on the socket that began it', () => {
    const state = new ResumeState(DEFAULT_RECONNECT);
    send(state, 2);
    state.acknowledged(3200);
    state.newSocket();
    // The server lost the stream: the unacknowledged audio goes again and starts its new byte count.
    const replay = state.rejoined({ resumeKey: 'k', resumed: false, audioBytes: 0 });
    expect(startBytes(replay)).toEqual([3200]);
    for (const segment of replay) {
      state.place(segment);
      state.sent(segment);
    }
    send(state, 1);
    // 3200 bytes of the new stream: the replayed chunk, so the chunk at 6400 still waits.
    state.acknowledged(3200);
    state.newSocket();
    expect(startBytes(state.rejoined({}))).toEqual([6400]);
  });
});
