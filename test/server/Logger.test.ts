import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonLogger, withFields } from '../../src/server/Logger.ts';

/** A stream that keeps what was written to it. */
function memory(): { out: Writable; text: () => string } {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { out, text: () => text };
}

describe('withFields', () => {
  it('adds its fields to every line (the line’s own win) and flushes what the logger below holds', () => {
    const { out, text } = memory();
    const logger = withFields(jsonLogger(out), { node: 'n1', role: 'all' });
    logger.log('info', 'server.closed', { role: 'api' });
    // jsonLogger holds lines until the end of the event loop's turn: flush writes them now.
    expect(text()).toBe('');
    logger.flush?.();
    expect(JSON.parse(text())).toMatchObject({ event: 'server.closed', node: 'n1', role: 'api' });
  });
});
