import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { concurrencyOf, transcribeParameters } from '../../src/cli/transcribeParameters.ts';
import { UsageError } from '../../src/cli/UsageError.ts';
import { MediaProcessOptions } from '../../src/model/asyncApi.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('transcribeParameters', () => {
  it('turns every flag into the Async API parameter it stands for', async () => {
    const parameters = await transcribeParameters(
      {
        diarize: '2',
        entities: true,
        startTime: '2026-03-02T09:30:00+01:00',
        vocabulary: ['Kubernetes', ' Grafana '],
        vocabularyFile: file('words.txt', '# product names\nZorblax\n\n  Ana Lopez  \n'),
        trackers: file(
          'trackers.json',
          JSON.stringify([{ name: 'pricing', vocabulary: ['discount'] }, { id: '42' }]),
        ),
        allTrackers: true,
        language: 'en-gb',
        phone: true,
      },
      process.cwd(),
      undefined,
    );
    expect(parameters).toEqual({
      enableSummary: true,
      detectEntities: true,
      enableSpeakerDiarization: true,
      diarizationSpeakerCount: 2,
      startTime: '2026-03-02T08:30:00.000Z',
      languageCode: 'en-GB',
      customVocabulary: ['Kubernetes', 'Grafana', 'Zorblax', 'Ana Lopez'],
      trackers: [{ name: 'pricing', vocabulary: ['discount'] }, { id: '42' }],
      enableAllTrackers: true,
      mode: 'phone',
    });
    expect(MediaProcessOptions.safeParse(parameters).success).toBe(true);
  });

  it('refuses each bad value naming its option, before anything is sent', async () => {
    const refused = async (flags: Parameters<typeof transcribeParameters>[0], pattern: RegExp) => {
      const error = await transcribeParameters(flags).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(pattern);
    };
    await refused({ diarize: 'two' }, /--diarize: expected a whole number of speakers/);
    await refused(
      { language: 'klingon' },
      /--language: "klingon" is not a language code the API knows; languageCode must be one of en-US/,
    );
    await refused(
      { language: 'fr-FR', diarize: '2' },
      /--diarize: speaker diarization supports English and Spanish only/,
    );
    await refused(
      { vocabularyFile: join(dir, 'none.txt') },
      /--vocabulary-file: cannot read .*none\.txt: no such file/,
    );
    await refused(
      { vocabularyFile: file('empty.txt', '# nothing\n\n') },
      /--vocabulary-file: .*holds no words/,
    );
    await refused({ trackers: file('bad.json', '[{"name": "x"') }, /--trackers: .*bad\.json is not JSON/);
    await refused(
      { trackers: file('shape.json', '[{"name": "x", "vocabulary": []}]') },
      /--trackers: .*\[0\]\.vocabulary/,
    );
    await refused({ startTime: 'tomorrow' }, /--start-time/);
    await refused({ accuracy: 'max' }, /--accuracy: expected fast or best, got "max"/);
    await refused({ recognizer: 'whisper' }, /--recognizer: expected pocketsphinx or remote/);
    await refused({ timezone: 'Mars/Olympus' }, /--timezone: expected a time zone such as Europe\/Berlin/);
  });

  it("sends --timezone, else this machine's zone", async () => {
    expect((await transcribeParameters({ timezone: 'US/Pacific' }, dir, 'Europe/Berlin')).timezone).toBe(
      'America/Los_Angeles',
    );
    expect((await transcribeParameters({}, dir, 'Europe/Berlin')).timezone).toBe('Europe/Berlin');
    expect(await transcribeParameters({}, dir, undefined)).not.toHaveProperty('timezone');
  });

  it('passes --accuracy and --recognizer as job options the server schema accepts', async () => {
    const parameters = await transcribeParameters({ accuracy: 'best', recognizer: 'remote' });
    expect(parameters).toMatchObject({ accuracy: 'best', recognizer: 'remote' });
    expect(MediaProcessOptions.parse(parameters)).toMatchObject({ accuracy: 'best', recognizer: 'remote' });
    expect(await transcribeParameters({})).not.toHaveProperty('accuracy');
  });

  it('accepts a concurrency from 1 to 64 only', () => {
    expect(concurrencyOf({})).toBe(2);
    fc.assert(
      fc.property(fc.string(), (value) => {
        const n = Number(value);
        const valid = Number.isInteger(n) && n >= 1 && n <= 64;
        if (valid) expect(concurrencyOf({ concurrency: value })).toBe(n);
        else expect(() => concurrencyOf({ concurrency: value })).toThrow(/--concurrency/);
      }),
    );
  });
});
