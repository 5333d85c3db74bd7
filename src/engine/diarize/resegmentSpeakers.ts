/** Options of {@link resegmentSpeakers}; the defaults were chosen on the AMI training clips. */
export interface ResegmentationOptions {
  /** Gaussians per speaker model (fewer when a speaker has little speech). */
  components?: number;
  /** Log-likelihood a change of speaker must win by (Viterbi switch penalty, in nats). */
  switchPenalty?: number;
  /** Model-and-relabel rounds. */
  rounds?: number;
}

/** Frames a mixture component needs, at least, to be estimated. */
const FRAMES_PER_COMPONENT = 100;
const VARIANCE_FLOOR = 0.05;
const EM_ITERATIONS = 6;

/** A diagonal-covariance Gaussian mixture over `dims`-dimensional frames. */
interface Mixture {
  weights: Float64Array;
  means: Float64Array[];
  variances: Float64Array[];
  /** Per component: log weight minus the normalising constant. */
  constants: Float64Array;
}

/** A read-only view of frame `i`'s features. */
export type FrameAccessor = (i: number, out: Float64Array) => void;

/**
 * Frame-level speaker resegmentation: from labels given per clustered window, fits a Gaussian
 * mixture per speaker to that speaker's frames, then relabels every speech frame by Viterbi
 * decoding with a switch penalty, so turn boundaries move to where the voice changes rather
 * than where a window happened to end. Repeats `rounds` times. Frames labelled -1 (not speech)
 * stay -1 and do not break a turn. Returns the new labels.
 */
export function resegmentSpeakers(
  frame: FrameAccessor,
  dims: number,
  labels: Int32Array,
  speakers: number,
  options: ResegmentationOptions = {},
): Int32Array {
  if (speakers < 2) return labels;
  const penalty = options.switchPenalty ?? 30;
  let current = labels;
  for (let round = 0; round < (options.rounds ?? 2); round += 1) {
    const models: Array<Mixture | undefined> = [];
    for (let s = 0; s < speakers; s += 1)
      models.push(fitMixture(frame, dims, current, s, options.components ?? 8));
    const next = viterbi(frame, dims, current, models, penalty);
    let changed = 0;
    for (let i = 0; i < next.length; i += 1) if (next[i] !== current[i]) changed += 1;
    current = next;
    if (changed === 0) break;
  }
  return current;
}

function fitMixture(
  frame: FrameAccessor,
  dims: number,
  labels: Int32Array,
  speaker: number,
  maxComponents: number,
): Mixture | undefined {
  const members: number[] = [];
  for (let i = 0; i < labels.length; i += 1) if (labels[i] === speaker) members.push(i);
  if (members.length < 10) return undefined;
  const m = Math.max(1, Math.min(maxComponents, Math.floor(members.length / FRAMES_PER_COMPONENT)));
  const x = new Float64Array(dims);
  // Start from evenly spaced frames and the speaker's overall variance.
  const overall = new Float64Array(dims);
  const mean = new Float64Array(dims);
  for (const i of members) {
    frame(i, x);
    for (let d = 0; d < dims; d += 1) mean[d] = (mean[d] as number) + (x[d] as number) / members.length;
  }
  for (const i of members) {
    frame(i, x);
    for (let d = 0; d < dims; d += 1)
      overall[d] = (overall[d] as number) + ((x[d] as number) - (mean[d] as number)) ** 2 / members.length;
  }
  const mixture: Mixture = {
    weights: new Float64Array(m).fill(1 / m),
    means: Array.from({ length: m }, (_, c) => {
      const out = new Float64Array(dims);
      frame(members[Math.floor(((c + 0.5) * members.length) / m)] as number, out);
      return out;
    }),
    variances: Array.from({ length: m }, () => overall.map((v) => Math.max(v, VARIANCE_FLOOR))),
    constants: new Float64Array(m),
  };
  refreshConstants(mixture, dims);
  if (m === 1) {
    mixture.means[0] = mean;
    return mixture;
  }
  const post = new Float64Array(m);
  for (let iteration = 0; iteration < EM_ITERATIONS; iteration += 1) {
    const counts = new Float64Array(m);
    const sums = Array.from({ length: m }, () => new Float64Array(dims));
    const squares = Array.from({ length: m }, () => new Float64Array(dims));
    for (const i of members) {
      frame(i, x);
      posteriors(mixture, x, dims, post);
      for (let c = 0; c < m; c += 1) {
        const p = post[c] as number;
        if (p < 1e-6) continue;
        counts[c] = (counts[c] as number) + p;
        const sum = sums[c] as Float64Array;
        const square = squares[c] as Float64Array;
        for (let d = 0; d < dims; d += 1) {
          const v = x[d] as number;
          sum[d] = (sum[d] as number) + p * v;
          square[d] = (square[d] as number) + p * v * v;
        }
      }
    }
    for (let c = 0; c < m; c += 1) {
      const n = counts[c] as number;
      if (n < 1) continue; // keep a starved component where it was
      mixture.weights[c] = n / members.length;
      const mu = mixture.means[c] as Float64Array;
      const variance = mixture.variances[c] as Float64Array;
      for (let d = 0; d < dims; d += 1) {
        mu[d] = ((sums[c] as Float64Array)[d] as number) / n;
        variance[d] = Math.max(
          VARIANCE_FLOOR,
          ((squares[c] as Float64Array)[d] as number) / n - (mu[d] as number) ** 2,
        );
      }
    }
    refreshConstants(mixture, dims);
  }
  return mixture;
}

function refreshConstants(mixture: Mixture, dims: number): void {
  mixture.weights.forEach((w, c) => {
    let logDet = 0;
    for (let d = 0; d < dims; d += 1) logDet += Math.log((mixture.variances[c] as Float64Array)[d] as number);
    mixture.constants[c] = Math.log(Math.max(w, 1e-10)) - 0.5 * (logDet + dims * Math.log(2 * Math.PI));
  });
}

/** Log-likelihood of `x`; fills `post` with component posteriors when given. */
function posteriors(mixture: Mixture, x: Float64Array, dims: number, post?: Float64Array): number {
  let best = Number.NEGATIVE_INFINITY;
  const scores = post ?? new Float64Array(mixture.weights.length);
  for (let c = 0; c < mixture.weights.length; c += 1) {
    const mu = mixture.means[c] as Float64Array;
    const variance = mixture.variances[c] as Float64Array;
    let s = mixture.constants[c] as number;
    for (let d = 0; d < dims; d += 1)
      s -= ((x[d] as number) - (mu[d] as number)) ** 2 / (2 * (variance[d] as number));
    scores[c] = s;
    if (s > best) best = s;
  }
  let total = 0;
  for (let c = 0; c < scores.length; c += 1) {
    const e = Math.exp((scores[c] as number) - best);
    scores[c] = e;
    total += e;
  }
  for (let c = 0; c < scores.length; c += 1) scores[c] = (scores[c] as number) / total;
  return best + Math.log(total);
}

/** Relabels speech frames: best path through speaker states, paying `penalty` per change. */
function viterbi(
  frame: FrameAccessor,
  dims: number,
  labels: Int32Array,
  models: Array<Mixture | undefined>,
  penalty: number,
): Int32Array {
  const k = models.length;
  const speech: number[] = [];
  for (let i = 0; i < labels.length; i += 1) if ((labels[i] as number) >= 0) speech.push(i);
  const out = new Int32Array(labels.length).fill(-1);
  if (speech.length === 0) return out;
  const back = new Uint8Array(speech.length * k);
  let score = new Float64Array(k);
  let next = new Float64Array(k);
  const x = new Float64Array(dims);
  speech.forEach((i, t) => {
    frame(i, x);
    let bestPrevious = 0;
    for (let s = 1; s < k; s += 1)
      if ((score[s] as number) > (score[bestPrevious] as number)) bestPrevious = s;
    for (let s = 0; s < k; s += 1) {
      const model = models[s];
      const emit = model === undefined ? -1e9 : posteriors(model, x, dims);
      const stay = score[s] as number;
      const move = (score[bestPrevious] as number) - penalty;
      if (t === 0 || stay >= move) {
        next[s] = stay + emit;
        back[t * k + s] = s;
      } else {
        next[s] = move + emit;
        back[t * k + s] = bestPrevious;
      }
    }
    [score, next] = [next, score];
  });
  let state = 0;
  for (let s = 1; s < k; s += 1) if ((score[s] as number) > (score[state] as number)) state = s;
  for (let t = speech.length - 1; t >= 0; t -= 1) {
    out[speech[t] as number] = state;
    state = back[t * k + state] as number;
  }
  return out;
}
