import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DependencyMissingError } from '../../errors/DependencyMissingError.ts';
import { RecognizerError } from '../../errors/RecognizerError.ts';
import { DEFAULT_MODEL_DIR } from './pocketsphinxArguments.ts';

/** Where Debian's sphinxtrain puts its programs. */
const SPHINXTRAIN = '/usr/lib/sphinxtrain';
/** Longest any one adaptation tool may run. */
const TOOL_TIMEOUT_MS = 600_000;

function run(program: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(program, [...args], { timeout: TOOL_TIMEOUT_MS, maxBuffer: 16 << 20 }, (error, _out, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(
          new DependencyMissingError(
            `${program} is not installed (Debian packages sphinxtrain and sphinxbase-utils)`,
          ),
        );
      const tail = String(stderr).trim().split('\n').slice(-2).join(' ');
      reject(
        new RecognizerError(`speaker adaptation: ${program} failed: ${tail || error.message}`, {
          cause: error,
        }),
      );
    });
  });
}

/**
 * Mixture weights in Sphinx-III binary form from a pocketsphinx `sendump` (the 8-bit quantised
 * weights Debian's en-us model ships instead of `mixture_weights`, which sphinxtrain's `bw`
 * needs): each byte b stands for 1.0001^-(b << shift).
 */
export function sendumpToMixtureWeights(sendump: Buffer): Buffer {
  let at = 0;
  let bigEndian = false;
  const uint = (): number => {
    let v = sendump.readUInt32LE(at);
    if (v > 65536) {
      bigEndian = true;
    }
    if (bigEndian) v = sendump.readUInt32BE(at);
    at += 4;
    return v;
  };
  const text = (): string | undefined => {
    const n = uint();
    if (n === 0) return undefined;
    const s = sendump.toString('latin1', at, at + n - 1);
    at += n;
    return s;
  };
  text(); // title
  const header = new Map<string, number>();
  for (let line = text(); line !== undefined; line = text()) {
    const [key, value] = line.split(/\s+/);
    if (key !== undefined && value !== undefined) header.set(key, Number(value));
  }
  let mixtures = header.get('mixture_count') ?? 0;
  let models = header.get('model_count') ?? 0;
  const shift = header.get('mixw_shift') ?? 10;
  const features = header.get('feature_count') ?? 0;
  if ((header.get('cluster_count') ?? 0) === 0) {
    models = uint();
    mixtures = uint();
  }
  if (mixtures <= 0 || models <= 0 || features <= 0 || at + features * models * mixtures > sendump.length)
    throw new RecognizerError('speaker adaptation: the acoustic model sendump is not one this reader knows');
  // Output order: senone (mixture), feature stream, density (model); input: stream, density, senone.
  const weights = new Float32Array(mixtures * features * models);
  for (let f = 0; f < features; f += 1)
    for (let m = 0; m < models; m += 1)
      for (let s = 0; s < mixtures; s += 1) {
        const byte = sendump[at] as number;
        at += 1;
        weights[(s * features + f) * models + m] = 1.0001 ** -(byte << shift);
      }
  let head = 's3\nversion 1.0\n';
  const misalign = (head.length + 'endhdr\n'.length) & 3;
  head += `${misalign === 0 ? '' : ' '.repeat(4 - misalign)}endhdr\n`;
  const out = Buffer.alloc(head.length + 4 + 16 + weights.byteLength);
  out.write(head, 0, 'latin1');
  let o = head.length;
  out.writeInt32LE(0x11223344, o);
  o += 4;
  for (const v of [mixtures, features, models, weights.length]) {
    out.writeUInt32LE(v, o);
    o += 4;
  }
  Buffer.from(weights.buffer).copy(out, o);
  return out;
}

/**
 * A copy of the acoustic model that sphinxtrain can adapt from (symlinks to the model's files,
 * plus `mixture_weights` and a text `mdef`), built once per model and kept under the system's
 * temporary directory.
 */
async function adaptableModel(hmm: string): Promise<{ dir: string; mdef: string }> {
  const stamp = statSync(join(hmm, 'mdef'));
  const key = createHash('sha256').update(`${hmm}:${stamp.size}:${stamp.mtimeMs}`).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `parley-adaptable-model-${key}`);
  const mdef = join(dir, 'mdef.txt');
  if (existsSync(mdef)) return { dir, mdef };
  const building = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(building, { recursive: true });
  try {
    for (const file of readdirSync(hmm)) symlinkSync(join(hmm, file), join(building, file));
    if (!existsSync(join(hmm, 'mixture_weights')))
      writeFileSync(
        join(building, 'mixture_weights'),
        sendumpToMixtureWeights(readFileSync(join(hmm, 'sendump'))),
      );
    await run('pocketsphinx_mdef_convert', ['-text', join(hmm, 'mdef'), join(building, 'mdef.txt')]);
    try {
      renameSync(building, dir);
    } catch {
      // Another process built it first.
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return { dir, mdef };
}

/** The feature settings bw must share with the model (it does not read feat.params itself). */
function featureSettings(params: string): string[] {
  const wanted = new Set(['-feat', '-svspec', '-cmn', '-agc', '-varnorm']);
  const out: string[] = [];
  for (const line of readFileSync(params, 'utf8').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key !== undefined && value !== undefined && wanted.has(key)) out.push(key, value);
  }
  return out;
}

/**
 * Unsupervised MLLR: estimates a transform of the acoustic model's means that fits one speaker
 * (or one recording), using a first recognition pass as the transcript, with sphinxtrain's `bw`
 * and `mllr_solve`. `wav` is 16 kHz mono 16-bit; `words` the first pass's words in order. Writes
 * its work in `dir` and returns the transform's path (for pocketsphinx's `-mllr`), or undefined
 * when there is nothing to adapt from. Throws DependencyMissingError without sphinxtrain.
 */
export async function estimateMllr(
  wav: string,
  words: readonly string[],
  dir: string,
  modelDir = DEFAULT_MODEL_DIR,
): Promise<string | undefined> {
  const transcript = words.filter((w) => /^[a-z0-9'.-]+$/.test(w));
  if (transcript.length === 0) return undefined;
  const hmm = existsSync(join(modelDir, 'en-us', 'mdef')) ? join(modelDir, 'en-us') : modelDir;
  const dict = existsSync(join(modelDir, 'cmudict-en-us.dict'))
    ? join(modelDir, 'cmudict-en-us.dict')
    : join(hmm, 'dict');
  const model = await adaptableModel(hmm);
  const accumulated = join(dir, 'counts');
  mkdirSync(accumulated, { recursive: true });
  await run('sphinx_fe', [
    '-argfile',
    join(hmm, 'feat.params'),
    '-samprate',
    '16000',
    '-i',
    wav,
    '-o',
    join(dir, 'utt.mfc'),
    '-mswav',
    'yes',
  ]);
  writeFileSync(join(dir, 'fileids'), 'utt\n');
  writeFileSync(join(dir, 'transcription'), `<s> ${transcript.join(' ')} </s> (utt)\n`);
  await run(join(SPHINXTRAIN, 'bw'), [
    '-hmmdir',
    model.dir,
    '-moddeffn',
    model.mdef,
    '-ts2cbfn',
    '.ptm.',
    ...featureSettings(join(hmm, 'feat.params')),
    '-dictfn',
    dict,
    '-fdictfn',
    join(hmm, 'noisedict'),
    '-ctlfn',
    join(dir, 'fileids'),
    '-lsnfn',
    join(dir, 'transcription'),
    '-cepdir',
    dir,
    '-cepext',
    'mfc',
    '-accumdir',
    accumulated,
  ]);
  const matrix = join(dir, 'mllr_matrix');
  await run(join(SPHINXTRAIN, 'mllr_solve'), [
    '-meanfn',
    join(hmm, 'means'),
    '-varfn',
    join(hmm, 'variances'),
    '-outmllrfn',
    matrix,
    '-accumdir',
    accumulated,
  ]);
  return existsSync(matrix) ? matrix : undefined;
}
