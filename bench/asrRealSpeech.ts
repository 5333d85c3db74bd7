/**
 * The real-speech section of `npm run bench:asr` (also `npm run bench:asr-real` alone): WER of raw
 * pocketsphinx_continuous, Parley (`accuracy: 'fast'`) and Parley `accuracy: 'best'` (MLLR second
 * pass) on recorded speech, all in the same run; then diarization error on real meetings, with
 * the speaker count given and estimated. Reads ../shared/eval-data (PARLEY_EVAL_DATA) and its
 * real-speech/ folder (PARLEY_REAL_SPEECH); says what is missing. Alone, it writes
 * bench/asrRealSpeech.results.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeWords, wordErrorRate } from '../src/engine/asr/wordErrorRate.ts';
import { decodeAudio } from '../src/engine/audio/decodeAudio.ts';
import { type DiarizationError, diarizationErrorRate } from '../src/engine/diarize/diarizationErrorRate.ts';
import { SpeakerDiarizer } from '../src/engine/diarize/SpeakerDiarizer.ts';
import { speechToMessages } from '../src/engine/speechToMessages.ts';
import { rawPocketsphinx } from './asrRawPocketsphinx.ts';
import { limitConcurrency } from './limitConcurrency.ts';
import { type DerItem, loadRealSpeechSet, type WerItem } from './realSpeechSet.ts';

const r3 = (x: number): string => x.toFixed(3);

/** Pooled errors over reference words. */
class Tally {
  errors = 0;
  words = 0;
  add(reference: string, hypothesis: string): void {
    const n = normalizeWords(reference).length;
    this.errors += wordErrorRate(reference, hypothesis) * n;
    this.words += n;
  }
  get wer(): number {
    return this.words === 0 ? 0 : this.errors / this.words;
  }
}

/** Pooled diarization error: sums of missed, false alarm and confusion over reference time. */
class DerTally {
  missed = 0;
  falseAlarm = 0;
  confusion = 0;
  reference = 0;
  add(e: DiarizationError): void {
    this.missed += e.missed;
    this.falseAlarm += e.falseAlarm;
    this.confusion += e.confusion;
    this.reference += e.referenceSeconds;
  }
  get der(): number {
    return this.reference === 0 ? 0 : (this.missed + this.falseAlarm + this.confusion) / this.reference;
  }
}

async function diarize(wav: string, speakerCount?: number) {
  const diarizer = new SpeakerDiarizer(16000);
  for await (const block of decodeAudio(wav)) diarizer.push(block.channels[0] as Int16Array);
  return diarizer.finish(speakerCount).map((t) => ({ speaker: `s${t.speaker}`, start: t.start, end: t.end }));
}

async function werSection(items: WerItem[], note: (text?: string) => void): Promise<void> {
  note('| set | files | ref words | WER raw | WER Parley fast | WER Parley best (MLLR) | best / raw |');
  note('|---|---|---|---|---|---|---|');
  const results = await limitConcurrency(
    items.map((item) => async () => {
      const diarized =
        item.speakers === undefined
          ? {}
          : { enableSpeakerDiarization: true, diarizationSpeakerCount: item.speakers };
      const raw = await rawPocketsphinx(item.wav);
      const fast = await speechToMessages(item.wav, diarized);
      const best = await speechToMessages(item.wav, { ...diarized, accuracy: 'best' });
      return {
        item,
        raw: raw.text,
        fast: fast.map((m) => m.text).join(' '),
        best: best.map((m) => m.text).join(' '),
      };
    }),
    2,
  );
  const all = { raw: new Tally(), fast: new Tally(), best: new Tally() };
  for (const set of [...new Set(items.map((i) => i.set))]) {
    const mine = results.filter((r) => r.item.set === set);
    const t = { raw: new Tally(), fast: new Tally(), best: new Tally() };
    for (const r of mine)
      for (const k of ['raw', 'fast', 'best'] as const) {
        t[k].add(r.item.reference, r[k]);
        all[k].add(r.item.reference, r[k]);
      }
    note(
      `| ${set} | ${mine.length} | ${t.raw.words} | ${r3(t.raw.wer)} | ${r3(t.fast.wer)} | ${r3(t.best.wer)} | ${r3(t.best.wer / Math.max(1e-9, t.raw.wer))} |`,
    );
  }
  note(
    `| **all** | ${items.length} | ${all.raw.words} | ${r3(all.raw.wer)} | ${r3(all.fast.wer)} | **${r3(all.best.wer)}** | **${r3(all.best.wer / Math.max(1e-9, all.raw.wer))}** |`,
  );
  note();
}

async function derSection(items: DerItem[], note: (text?: string) => void): Promise<void> {
  note(
    '| clip | split | ref speakers | DER, count given | miss / FA / confusion s | DER, count estimated | speakers found |',
  );
  note('|---|---|---|---|---|---|---|');
  const pooled = new Map<string, { given: DerTally; estimated: DerTally; within: number; files: number }>();
  for (const item of items) {
    const count = new Set(item.reference.map((s) => s.speaker)).size;
    const given = diarizationErrorRate(item.reference, await diarize(item.wav, count), item.until);
    const estimatedTurns = await diarize(item.wav);
    const estimated = diarizationErrorRate(item.reference, estimatedTurns, item.until);
    const found = new Set(estimatedTurns.map((t) => t.speaker)).size;
    note(
      `| ${item.set} ${item.id} | ${item.split} | ${count} | ${r3(given.der)} | ${given.missed} / ${given.falseAlarm} / ${given.confusion} | ${r3(estimated.der)} | ${found} |`,
    );
    for (const key of [item.split, item.set === 'AMI' && item.split === 'test' ? 'AMI test' : undefined]) {
      if (key === undefined) continue;
      const p = pooled.get(key) ?? { given: new DerTally(), estimated: new DerTally(), within: 0, files: 0 };
      p.given.add(given);
      p.estimated.add(estimated);
      p.within += Math.abs(found - count) <= 1 ? 1 : 0;
      p.files += 1;
      pooled.set(key, p);
    }
  }
  for (const [key, p] of pooled)
    note(
      `| **pooled ${key}** | | | **${r3(p.given.der)}** | ${p.given.missed.toFixed(1)} / ${p.given.falseAlarm.toFixed(1)} / ${p.given.confusion.toFixed(1)} | **${r3(p.estimated.der)}** | count within one: ${p.within}/${p.files} |`,
    );
  note();
}

/** Runs the section, writing through `note`. */
export async function realSpeechSection(note: (text?: string) => void, evalData: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-real-'));
  try {
    const set = loadRealSpeechSet(evalData, work, process.env.PARLEY_REAL_SPEECH);
    note('## Real recordings: words (WER against raw pocketsphinx_continuous, same run)');
    note();
    if (set.missing.length > 0) {
      note(`Missing, so not measured: ${set.missing.join('; ')}.`);
      note();
    }
    await werSection(set.wer, note);
    note('## Real recordings: speakers (DER on a 10 ms grid, overlap scored, no collar)');
    note();
    note('Diarization settings were chosen on the `train` clips only; `test` clips are held out.');
    note();
    await derSection(set.der, note);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repo = fileURLToPath(new URL('../', import.meta.url));
  const lines: string[] = [];
  const note = (text = ''): void => {
    lines.push(text);
    process.stdout.write(`${text}\n`);
  };
  const started = performance.now();
  note('# Parley on real recordings');
  note();
  note(
    `Run ${new Date().toISOString()}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
  note();
  await realSpeechSection(note, process.env.PARLEY_EVAL_DATA ?? join(repo, '../shared/eval-data'));
  note(`Bench wall time ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  writeFileSync(join(repo, 'bench/asrRealSpeech.results.md'), `${lines.join('\n')}\n`);
  process.exit(0);
}
