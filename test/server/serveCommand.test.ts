import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/ConfigError.ts';
import { serveCommand } from '../../src/server/serveCommand.ts';
import { call, tempDataDir, tokenFor } from './support/testServer.ts';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => {
    text += chunk;
  });
  return { stream, text: () => text };
}

describe('serveCommand', () => {
  it('prints created credentials once, logs JSON lines, and serves with them', async () => {
    const data = tempDataDir();
    try {
      const out = capture();
      const err = capture();
      const options = {
        dataDir: data.dir,
        port: '0',
        env: {},
        handleSignals: false,
        stdout: out.stream,
        stderr: err.stream,
      };
      const first = await serveCommand(options);
      const appId = /appId:\s+(\S+)/.exec(out.text())?.[1];
      const appSecret = /appSecret:\s+(\S+)/.exec(out.text())?.[1];
      expect(out.text()).toContain(`listening on ${first.url}`);
      const token = await tokenFor(first.url, appId!, appSecret!);
      expect((await call(first.url, 'GET', '/v1/conversations', { token })).status).toBe(200);
      await first.close();
      await first.closed;
      const lines = err
        .text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((line) => line.event)).toEqual(
        expect.arrayContaining(['server.listening', 'http.request', 'server.closed']),
      );
      expect(lines.every((line) => typeof line.time === 'string' && typeof line.level === 'string')).toBe(
        true,
      );

      const again = capture();
      const second = await serveCommand({ ...options, stdout: again.stream, stderr: new PassThrough() });
      expect(again.text()).not.toContain('appSecret');
      // Same app and signing key after the restart: the earlier token is still accepted.
      expect((await call(second.url, 'GET', '/v1/conversations', { token })).status).toBe(200);
      await tokenFor(second.url, appId!, appSecret!);
      await second.close();
    } finally {
      data.remove();
    }
  });

  it('rejects a bad port with a ConfigError', async () => {
    await expect(serveCommand({ port: 'eighty', handleSignals: false })).rejects.toBeInstanceOf(ConfigError);
    await expect(serveCommand({ port: 70_000, handleSignals: false })).rejects.toBeInstanceOf(ConfigError);
    for (const drainDelay of ['soon', '-1', '301', '']) {
      await expect(serveCommand({ port: 0, drainDelay, handleSignals: false })).rejects.toThrow(
        /--drain-delay/,
      );
    }
  });
});
