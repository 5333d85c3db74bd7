import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { ConversationMessage } from '../../src/model/messages.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/parley', import.meta.url).pathname;

async function parley(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, args, { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the parley command', () => {
  it('lists the commands that exist', async () => {
    const { code, stdout } = await parley('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/transcribe/);
    expect(stdout).toMatch(/serve/);
  });

  it('transcribes the sample meeting offline into Conversation API objects', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    const { code, stdout } = await parley('transcribe', fixture.mixWav, '--diarize', '2', '--json');
    expect(code).toBe(0);
    const snapshot = JSON.parse(stdout) as { messages: unknown[]; questions: { text: string }[] };
    const messages = snapshot.messages.map((m) => ConversationMessage.parse(m));
    expect(new Set(messages.map((m) => m.from.name))).toEqual(new Set(['Speaker 1', 'Speaker 2']));
    expect(messages.map((m) => m.text).join(' ')).toMatch(/payment page/i);
    expect(snapshot.questions.some((q) => /price/i.test(q.text))).toBe(true);
  });

  it('rejects a speaker count that is not a whole number, naming the option', async () => {
    const { code, stderr } = await parley('transcribe', 'x.wav', '--diarize', 'two');
    expect(code).toBe(1);
    expect(stderr).toMatch(/diarize/);
    expect(stderr).toMatch(/PARLEY_ERR_VALIDATION|validation/i);
  });

  it('names a missing input file', async () => {
    const { code, stderr } = await parley('transcribe', '/nonexistent/meeting.wav');
    expect(code).toBe(1);
    expect(stderr).toMatch(/meeting\.wav/);
  });
});
