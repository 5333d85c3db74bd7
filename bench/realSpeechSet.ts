/**
 * The real-speech evaluation set: recorded speech with reference transcripts (WER) and real
 * meetings with speaker references (DER). It reads ../shared/eval-data (or PARLEY_EVAL_DATA) and
 * its `real-speech/` folder; whatever is missing is listed in `missing`, never fatal.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseWavHeader } from '../src/engine/audio/parseWavHeader.ts';
import { pcmToWav } from '../src/engine/audio/pcmToWav.ts';
import type { AttributedSpan } from '../src/engine/diarize/speakerAttribution.ts';

/** A recording with its reference words. */
export interface WerItem {
  set: string;
  id: string;
  wav: string;
  reference: string;
  /** Speakers in it, when more than one (the pyannote sample). */
  speakers?: number;
}

/** A recording with reference speaker turns, scored 0-`until` s. */
export interface DerItem {
  set: string;
  id: string;
  wav: string;
  reference: AttributedSpan[];
  until: number;
  /** `train`: where diarization settings may be chosen; `test`: held out. */
  split: 'train' | 'test';
}

export interface RealSpeechSet {
  wer: WerItem[];
  der: DerItem[];
  missing: string[];
}

export function readRttm(path: string, uri?: string): AttributedSpan[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p[0] === 'SPEAKER' && (uri === undefined || p[1] === uri))
    .map((p) => ({ speaker: p[7] as string, start: Number(p[3]), end: Number(p[3]) + Number(p[4]) }));
}

export function readStm(path: string): Array<AttributedSpan & { text: string }> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length >= 6)
    .map((p) => ({
      speaker: p[2] as string,
      start: Number(p[3]),
      end: Number(p[4]),
      text: p.slice(5).join(' '),
    }));
}

function sphinxTranscription(file: string): Map<string, string> {
  return new Map(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => /^<s>(.*)<\/s>\s*\((.+)\)/.exec(l.trim()))
      .filter((x): x is RegExpExecArray => x !== null)
      .map((x) => [(x[2] as string).trim(), (x[1] as string).trim()]),
  );
}

/** Wraps headerless 16 kHz mono s16le PCM in a WAV header. */
function wavFromRaw(raw: string, out: string): string {
  const bytes = readFileSync(raw);
  writeFileSync(
    out,
    pcmToWav(
      new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + (bytes.length & ~1))),
      16000,
    ),
  );
  return out;
}

/**
 * pocketsphinx_continuous skips exactly 44 bytes of a WAV, so in files with a LIST chunk (jfk.wav,
 * sample.wav) it decodes the metadata as samples. Both engines get a copy with a bare 44-byte
 * header instead, so they hear the same samples.
 */
export function canonicalWav(path: string, dir: string): string {
  const bytes = readFileSync(path);
  const header = parseWavHeader(bytes, true);
  if (!header || header.dataOffset === 44 || header.sampleFormat !== 's16' || header.channels !== 1)
    return path;
  const data = bytes.subarray(header.dataOffset, header.dataOffset + (header.dataBytes ?? bytes.length));
  const out = Buffer.alloc(44);
  bytes.copy(out, 0, 0, 36);
  out.writeUInt32LE(16, 16);
  out.writeUInt32LE(36 + data.length, 4);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(data.length, 40);
  const copy = join(dir, `canonical-${basename(path)}`);
  writeFileSync(copy, Buffer.concat([out, data]));
  return copy;
}

/**
 * Loads the set; `work` is a scratch directory for converted copies, `realSpeech` the folder of
 * the recordings brought in for issue 18 (default `<evalData>/real-speech`).
 */
export function loadRealSpeechSet(
  evalData: string,
  work: string,
  realSpeech = join(evalData, 'real-speech'),
): RealSpeechSet {
  const wer: WerItem[] = [];
  const der: DerItem[] = [];
  const missing: string[] = [];
  const have = (path: string, what: string): boolean => {
    if (existsSync(path)) return true;
    missing.push(`${what} (${path})`);
    return false;
  };
  const asr = join(evalData, 'asr');
  const jfk = join(asr, 'whisper-jfk');
  if (have(join(jfk, 'jfk.wav'), 'whisper.cpp jfk.wav'))
    wer.push({
      set: 'jfk',
      id: 'jfk',
      wav: canonicalWav(join(jfk, 'jfk.wav'), work),
      reference: readFileSync(join(jfk, 'jfk.txt'), 'utf8'),
    });
  const libri = join(asr, 'pocketsphinx-test/librivox');
  if (have(join(libri, 'transcription'), 'pocketsphinx LibriVox clips'))
    for (const [id, reference] of sphinxTranscription(join(libri, 'transcription')))
      wer.push({ set: 'librivox', id, wav: join(libri, `${id}.wav`), reference });
  const cards = join(asr, 'pocketsphinx-test/cards');
  if (have(join(cards, 'cards.transcription'), 'pocketsphinx cards clips'))
    for (const [id, reference] of sphinxTranscription(join(cards, 'cards.transcription')))
      wer.push({ set: 'cards', id, wav: join(cards, `${id}.wav`), reference });
  const goforward = join(asr, 'pocketsphinx-test/goforward.raw');
  if (have(goforward, 'pocketsphinx goforward.raw'))
    wer.push({
      set: 'goforward',
      id: 'goforward',
      wav: wavFromRaw(goforward, join(work, 'goforward.wav')),
      reference: 'go forward ten meters',
    });
  const sample = join(evalData, 'diarization/pyannote-sample');
  if (have(join(sample, 'sample.wav'), 'pyannote sample')) {
    wer.push({
      set: 'pyannote sample',
      id: 'sample',
      wav: canonicalWav(join(sample, 'sample.wav'), work),
      reference: readStm(join(sample, 'sample.stm'))
        .map((s) => s.text)
        .join(' '),
      speakers: 2,
    });
    der.push({
      set: 'pyannote',
      id: 'sample',
      wav: join(sample, 'sample.wav'),
      reference: readRttm(join(sample, 'sample.rttm')),
      until: 30,
      split: 'test',
    });
  }
  const libriSpeech = join(realSpeech, 'librispeech-wenet');
  if (
    have(
      join(libriSpeech, '1995-1837-0001.wav'),
      'LibriSpeech 1995-1837-0001 (real-speech/librispeech-wenet)',
    )
  )
    wer.push({
      set: 'librispeech',
      id: '1995-1837-0001',
      wav: join(libriSpeech, '1995-1837-0001.wav'),
      reference: readFileSync(join(libriSpeech, '1995-1837-0001.txt'), 'utf8'),
    });
  const amiTest = join(evalData, 'diarization/pyannote-ami-debug');
  if (have(join(amiTest, 'debug.test.rttm'), 'AMI tst00/tst01 (diarization/pyannote-ami-debug)'))
    for (const id of ['tst00', 'tst01'])
      der.push({
        set: 'AMI',
        id,
        wav: join(amiTest, `${id}.wav`),
        reference: readRttm(join(amiTest, 'debug.test.rttm'), id),
        until: 30,
        split: 'test',
      });
  const amiMore = join(realSpeech, 'pyannote-ami-more');
  if (
    have(join(amiMore, 'debug.train.rttm'), 'AMI dev00/dev01, trn00-trn09 (real-speech/pyannote-ami-more)')
  ) {
    for (const id of ['dev00', 'dev01'])
      der.push({
        set: 'AMI',
        id,
        wav: join(amiMore, `${id}.wav`),
        reference: readRttm(join(amiMore, 'debug.development.rttm'), id),
        until: 30,
        split: 'test',
      });
    for (let i = 0; i < 10; i += 1) {
      const id = `trn0${i}`;
      der.push({
        set: 'AMI',
        id,
        wav: join(amiMore, `${id}.wav`),
        reference: readRttm(join(amiMore, 'debug.train.rttm'), id),
        until: 30,
        split: 'train',
      });
    }
  }
  return { wer, der, missing };
}
