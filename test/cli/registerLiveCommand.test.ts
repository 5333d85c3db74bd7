import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { NEVER } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { registerLiveCommand } from '../../src/cli/registerLiveCommand.ts';
import type { LiveIo } from '../../src/cli/runLive.ts';
import { ValidationError } from '../../src/errors/ValidationError.ts';
import { type ScriptedServer, scriptedServer } from '../streaming/scriptedServer.ts';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function io(stdin: Readable, tty = false): LiveIo & { out: () => string; err: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: tty });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  return { stdin, stdout, stderr, interrupt$: NEVER, out: () => out, err: () => err };
}

async function run(args: string[], streams: LiveIo): Promise<void> {
  const program = new Command('parley').exitOverride();
  registerLiveCommand(program, streams);
  await program.parseAsync(['node', 'parley', 'live', ...args]);
}

describe('parley live', () => {
  it('streams raw PCM from stdin and prints the transcript in place and insights as they arrive', async () => {
    server = await scriptedServer(async (s) => {
      const start = await s.handshake('c77');
      expect(start.insightTypes).toEqual(['action_item']);
      expect(start.speaker).toEqual({ name: 'Ana' });
      s.send({
        type: 'message',
        message: {
          type: 'recognition_result',
          isFinal: false,
          payload: { raw: { alternatives: [{ transcript: 'i will' }] } },
          punctuated: { transcript: 'I will' },
        },
      });
      await s.json('stop_request');
      s.send({
        type: 'message_response',
        messages: [{ id: 'm1', from: { name: 'Ana' }, payload: { content: 'I will send the quote.' } }],
      });
      s.send({
        type: 'insight_response',
        insights: [
          {
            id: 'i1',
            type: 'action_item',
            text: 'I will send the quote.',
            payload: { content: 'I will send the quote.' },
            assignee: { name: 'Ana' },
          },
        ],
      });
      s.complete('c77');
    });
    const streams = io(Readable.from([Buffer.alloc(32000)]), true);
    await run(
      ['-', '--url', server.baseUrl, '--token', 't', '--insights', 'action-item', '--speaker', 'Ana'],
      streams,
    );
    expect(server.sockets[0]?.audioBytes()).toBe(32000);
    expect(streams.out()).toContain('\r\x1b[2K');
    expect(streams.out()).toContain('… I will');
    expect(streams.out()).toContain('Ana: I will send the quote.\n');
    expect(streams.out()).toContain('  [action item] I will send the quote. (Ana)\n');
    expect(streams.err()).toContain('conversation c77');
  });

  it('prints JSON lines with --json', async () => {
    server = await scriptedServer(async (s) => {
      await s.handshake('c78');
      await s.json('stop_request');
      s.complete('c78');
    });
    const streams = io(Readable.from([Buffer.alloc(3200)]));
    await run(['-', '--url', server.baseUrl, '--token', 't', '--json'], streams);
    const lines = streams
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.message?.type)).toEqual([
      'started_listening',
      'conversation_created',
      'recognition_started',
      'recognition_stopped',
      'conversation_completed',
    ]);
  });

  it('rejects two sources, half a target, and unknown insight types', async () => {
    const streams = io(Readable.from([]));
    await expect(run(['-', '--file', 'x.wav', '--url', 'http://h', '--token', 't'], streams)).rejects.toThrow(
      ValidationError,
    );
    await expect(run(['-', '--url', 'http://h'], streams)).rejects.toThrow(/--token/);
    await expect(
      run(['-', '--insights', 'topic', '--url', 'http://h', '--token', 't'], streams),
    ).rejects.toThrow(/follow_up/);
  });
});
