import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { ServerMessage } from '../../../src/model/streaming.ts';
import { MAX_BUFFERED_BYTES } from '../../../src/server/streaming/SocketWriter.ts';
import { SubscriberSet } from '../../../src/server/streaming/SubscriberSet.ts';

/** A socket with only what SubscriberSet reads: its state, what it has not yet written, send and close. */
class SocketStandIn extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closedWith: [number, string] | undefined;
  send(text: string): void {
    this.sent.push(text);
  }
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.readyState = 3;
    this.emit('close');
  }
}

const frame = { type: 'message', message: { type: 'recognition_started', data: { conversationId: '1' } } };

describe('SubscriberSet', () => {
  it('sends to a subscriber that reads, and closes one that leaves more than the bound unread (1008)', () => {
    const set = new SubscriberSet();
    const reader = new SocketStandIn();
    const stalled = new SocketStandIn();
    set.add(reader as unknown as WebSocket, JSON.stringify);
    set.add(stalled as unknown as WebSocket, JSON.stringify);
    set.send(frame as unknown as ServerMessage);
    expect([reader.sent.length, stalled.sent.length]).toEqual([1, 1]);

    stalled.bufferedAmount = MAX_BUFFERED_BYTES + 1;
    set.send(frame as unknown as ServerMessage);
    expect(reader.sent).toHaveLength(2);
    expect(stalled.sent).toHaveLength(1);
    expect(stalled.closedWith?.[0]).toBe(1008);
    expect(set.size).toBe(1);
  });
});
