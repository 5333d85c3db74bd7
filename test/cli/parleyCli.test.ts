import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConversationScript } from '../../scripts/fixtures/loadConversationScript.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';
import { createClient } from '../../src/client/createClient.ts';
import { Conversation } from '../../src/model/conversation.ts';
import { Question } from '../../src/model/insights.ts';
import { Member } from '../../src/model/members.ts';
import { ConversationMessage } from '../../src/model/messages.ts';
import { Topic } from '../../src/model/topics.ts';
import { createServer, type RunningServer } from '../../src/server/createServer.ts';
import { silentLogger } from '../../src/server/Logger.ts';
import { synthesizeLines } from '../engine/asr/speechFixture.ts';
import { parseSrt, parseVtt, vttPlainText } from '../support/subtitleCues.ts';
import { PARLEY_EXECUTABLE, PARLEY_PREFIX } from './fixtures/parleyCommand.ts';

const run = promisify(execFile);

// Every run gets its own empty home (unless told) and only PATH from the environment: nothing
// configured, so commands use the engine on this machine, with its data under that home.
const root = mkdtempSync(join(tmpdir(), 'parley-cli-'));
let homes = 0;
function freshHome(): string {
  const home = join(root, `home-${++homes}`);
  mkdirSync(home);
  return home;
}
const sharedHome = freshHome();

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function parley(
  args: string[],
  options: { home?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Ran> {
  const home = options.home ?? sharedHome;
  const env = { PATH: process.env.PATH ?? '', HOME: home, ...options.env };
  try {
    const { stdout, stderr } = await run(PARLEY_EXECUTABLE, [...PARLEY_PREFIX, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env,
      cwd: home,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The file's stderr lines `parley: <label>: <what>`, as what was said of it. */
function said(stderr: string, label: string): string[] {
  const prefix = `parley: ${label}: `;
  return stderr
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length));
}

let server: RunningServer;
let opening: string;
let closing: string;
beforeAll(async () => {
  server = await createServer({ dataDir: join(root, 'server'), env: {}, logger: silentLogger });
  // Two short recordings for batches: the sample meeting's first and last four lines.
  const meeting = loadConversationScript('sample-meeting');
  const first = await synthesizeConversation({
    ...meeting,
    name: 'sample-meeting-opening',
    lines: meeting.lines.slice(0, 4),
  });
  const last = await synthesizeConversation({
    ...meeting,
    name: 'sample-meeting-closing',
    lines: meeting.lines.slice(-4),
  });
  opening = first.mixWav;
  closing = last.mixWav;
});
afterAll(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('parley', () => {
  it('exits 0 alone (printing where to start) and 2 for a wrong command line, as a process', async () => {
    const alone = await parley([]);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toMatch(/Start here:\n {2}\$ parley transcribe meeting\.mp3/);
    const home = freshHome();
    const wrong = await parley(['transcribe', opening, '--format', 'docx'], { home });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      'parley: Invalid command line: --format: expected text, json, srt, vtt, md or all, got "docx" [PARLEY_ERR_VALIDATION]\n',
    );
    const unknown = await parley(['frobnicate'], { home });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
  }, 180_000);

  it('transcribes a meeting into every format, each one what it claims to be, showing progress by stage', async () => {
    const fixture = await synthesizeConversation('sample-meeting');
    const dir = join(sharedHome, 'meeting');
    mkdirSync(dir);
    copyFileSync(fixture.mixWav, join(dir, 'meeting.wav'));
    const result = await parley([
      'transcribe',
      'meeting/meeting.wav',
      '--diarize',
      '2',
      '-f',
      'all',
      '-o',
      'out',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const out = (ext: string) => readFileSync(join(sharedHome, 'out', `meeting.${ext}`), 'utf8');

    // JSON: every Conversation API object, as the model's schemas define them.
    const snapshot = JSON.parse(out('json'));
    const conversation = Conversation.parse(snapshot.conversation);
    const messages = (snapshot.messages as unknown[]).map((m) => ConversationMessage.parse(m));
    for (const q of snapshot.questions) Question.parse(q);
    for (const t of snapshot.topics) Topic.parse(t);
    for (const m of snapshot.members) Member.parse(m);
    expect(conversation.name).toBe('meeting.wav');
    expect(new Set(messages.map((m) => m.from.name))).toEqual(new Set(['Speaker 1', 'Speaker 2']));
    expect(messages.map((m) => m.text).join(' ')).toMatch(/payment page/i);
    expect(snapshot.questions.some((q: { text: string }) => /price/i.test(q.text))).toBe(true);

    // SRT and VTT: strict cues, one per message, in order, inside the audio.
    for (const cues of [parseSrt(out('srt')), parseVtt(out('vtt'))]) {
      expect(cues).toHaveLength(messages.length);
      cues.forEach((cue, i) => {
        expect(cue.end).toBeGreaterThan(cue.start);
        expect(cue.end).toBeLessThanOrEqual(fixture.duration + 0.05);
        if (i > 0) expect(cue.start).toBeGreaterThanOrEqual(cues[i - 1]!.start);
      });
    }
    const voices = new Set(parseVtt(out('vtt')).map((c) => vttPlainText(c.text).voice));
    expect(voices).toEqual(new Set(['Speaker 1', 'Speaker 2']));

    expect(out('txt').split('\n')[0]).toBe('Transcript');
    expect(out('txt')).toMatch(/\[00:0\d\] Speaker [12]: /);
    expect(out('md')).toMatch(
      /^# meeting\.wav\n\nRecorded .* UTC\n\n## Transcript\n\n`00:0\d` \*\*Speaker [12]:\*\* /,
    );
    expect(out('md')).toMatch(/\n## Questions\n\n- /);

    // Progress: plain lines (stderr is no terminal), stages in their order, the percent moving.
    const steps = said(result.stderr, 'meeting/meeting.wav');
    const order = [
      'uploading',
      'queued',
      'processing',
      'decoding',
      'recognising',
      'separating speakers',
      'analysing',
      'fetching results',
      'done',
    ];
    const positions = steps.map((s) => order.findIndex((word) => s.startsWith(word)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const recognising = steps
      .filter((s) => s.startsWith('recognising'))
      .map((s) => Number(/(\d+)%/.exec(s)?.[1]));
    expect(recognising.length).toBeGreaterThanOrEqual(3);
    expect(recognising).toEqual([...recognising].sort((a, b) => a - b));
    expect(steps.some((s) => /~\d+:\d\d left/.test(s) && /of 1:0\d audio/.test(s))).toBe(true);
    const done = steps.at(-1)!;
    expect(done).toMatch(
      /^done in \d+:\d\d \(conversation \d+\) → out\/meeting\.txt, out\/meeting\.json, out\/meeting\.srt, out\/meeting\.vtt, out\/meeting\.md$/,
    );
    expect(result.stderr.match(/using the engine on this machine/g)).toHaveLength(1);

    // The same data, read back by id: the new spelling and the old one.
    for (const args of [
      ['conversations', 'show', conversation.id, 'members'],
      ['conversation', conversation.id, 'members'],
    ]) {
      const members = await parley(args);
      expect(members.code, members.stderr).toBe(0);
      const names = (JSON.parse(members.stdout) as { members: { name: string }[] }).members.map(
        (m) => m.name,
      );
      expect(names.sort()).toEqual(['Speaker 1', 'Speaker 2']);
    }
  }, 300_000);

  it('writes the others of a batch and exits 1 naming each input that gave nothing', async () => {
    const home = freshHome();
    mkdirSync(join(home, 'calls'));
    copyFileSync(opening, join(home, 'calls', 'opening.wav'));
    copyFileSync(closing, join(home, 'calls', 'closing.wav'));
    writeFileSync(
      join(home, 'calls', 'broken.wav'),
      Buffer.from('RIFF\x10\x00\x00\x00WAVEnot really audio at all'),
    );
    const result = await parley(['transcribe', 'calls/*.wav', 'nothing/*.mp3', '-f', 'srt', '-o', 'subs'], {
      home,
    });
    expect(result.code).toBe(1);
    for (const name of ['opening', 'closing']) {
      const cues = parseSrt(readFileSync(join(home, 'subs', `${name}.srt`), 'utf8'));
      expect(cues.length).toBeGreaterThanOrEqual(2);
    }
    expect(existsSync(join(home, 'subs', 'broken.srt'))).toBe(false);
    expect(said(result.stderr, 'calls/broken.wav').at(-1)).toMatch(/^failed: .*\[PARLEY_ERR_\w+\]$/);
    expect(said(result.stderr, 'nothing/*.mp3')).toEqual(['failed: matches no files']);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
      'parley: 2 of 4 transcribed; failed: nothing/*.mp3, calls/broken.wav',
    );
  }, 300_000);

  it('hears a domain word only when it is in the vocabulary, and prints nothing but results when quiet', async () => {
    const { wav } = synthesizeLines([{ voice: 'slt', text: 'Deploy the zorblax cluster today.' }]);
    const [plain, boosted] = await Promise.all([
      parley(['transcribe', wav, '--json', '--quiet'], { home: freshHome() }),
      parley(['transcribe', wav, '--json', '--quiet', '--vocabulary', 'Zorblax,cluster'], {
        home: freshHome(),
      }),
    ]);
    const words = (r: Ran) => {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout).messages as { text: string }[]).map((m) => m.text.toLowerCase()).join(' ');
    };
    expect(words(plain)).not.toContain('zorblax');
    expect(words(boosted)).toContain('zorblax');
  }, 300_000);

  it('lists, shows and deletes conversations, and adds, lists and removes trackers, on a configured server', async () => {
    const app = server.createdApp!;
    const client = createClient({ baseUrl: server.url, appId: app.appId, appSecret: app.appSecret, env: {} });
    const job = client.text.process({
      name: 'Quote call',
      messages: [
        { payload: { content: 'Can you send me the quote by Friday?' }, from: { name: 'Ben' } },
        { payload: { content: 'Yes, I will send it tomorrow.' }, from: { name: 'Ana' } },
      ],
    });
    await lastValueFrom(job);
    const id = await job.conversationId();
    await client.close();
    const env = { PARLEY_BASE_URL: server.url, PARLEY_APP_ID: app.appId, PARLEY_APP_SECRET: app.appSecret };
    const on = (...args: string[]) => parley(args, { env });

    const table = await on('conversations', 'list');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +STARTED \(UTC\) +LENGTH +NAME$/);
    expect(table.stdout).toMatch(
      new RegExp(`\\n${id} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +\\d+:\\d\\d +Quote call\\n`),
    );
    const listed = await on('conversations', 'list', '--since', '1h', '--limit', '5', '--json');
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((c) => c.id)).toContain(id);
    const none = await on('conversations', 'list', '--until', '2001-01-01');
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/no conversations/);

    const text = await on('conversations', 'show', id);
    expect(text.stdout).toMatch(/\] Ben: Can you send me the quote by Friday\?/);
    const vtt = await on('conversations', 'show', id, '-f', 'vtt');
    expect(parseVtt(vtt.stdout).map((c) => vttPlainText(c.text).voice)).toEqual(['Ben', 'Ana']);
    const questions = await on('conversations', 'show', id, 'questions');
    expect(JSON.parse(questions.stdout).questions[0].text).toMatch(/quote by Friday/);
    const missing = await on('conversations', 'show', '1234');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/PARLEY_ERR_NOT_FOUND/);

    const deleted = await on('conversations', 'delete', id, '--yes');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe(`deleted ${id}\n`);
    const again = await on('conversations', 'delete', id, '1234', '--yes');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`${id}: not deleted: .*\\[PARLEY_ERR_NOT_FOUND\\]`));

    const added = await on('trackers', 'add', 'pricing', 'discount', 'too expensive');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^added pricing \(id \w+\): discount, too expensive\n$/);
    const clash = await on('trackers', 'add', 'pricing', 'price');
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(/PARLEY_ERR_CONFLICT/);
    const trackersFile = join(sharedHome, 'trackers.json');
    writeFileSync(
      trackersFile,
      JSON.stringify([
        { name: 'competitors', vocabulary: ['Acme', 'Globex'] },
        { name: 'legal', vocabulary: ['contract'] },
      ]),
    );
    expect(
      (await on('trackers', 'add', '--file', trackersFile)).stdout.split('\n').filter(Boolean),
    ).toHaveLength(2);
    const trackers = await on('trackers', 'list');
    expect(trackers.stdout).toMatch(/^ID +NAME +PHRASES\n/);
    expect(trackers.stdout).toMatch(/ pricing +discount, too expensive\n/);
    const removed = await on('trackers', 'remove', 'pricing', 'nope');
    expect(removed.code).toBe(1);
    expect(removed.stdout).toMatch(/^removed pricing \(id \w+\)\n$/);
    expect(removed.stderr).toMatch(/nope: no tracker with this id or name/);
    const left = JSON.parse((await on('trackers', 'list', '--json')).stdout) as { name: string }[];
    expect(left.map((t) => t.name).sort()).toEqual(['competitors', 'legal']);
  }, 300_000);
});
