/** Lower-case word tokens of a sentence, apostrophes kept, other punctuation dropped. */
export function wordTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .split(/[^a-z0-9']+/)
    .filter((t) => t !== '' && t !== "'");
}

const digit = /[0-9]/;
const digits = /[0-9]/g;

function lengthBucket(n: number): string {
  if (n <= 3) return String(n);
  if (n <= 5) return '4-5';
  if (n <= 8) return '6-8';
  if (n <= 12) return '9-12';
  return '13+';
}

/** The last few sentences' features: several models read the same message one after another. */
const recent = new Map<string, readonly string[]>();
const recentLimit = 16;

/**
 * sentenceFeatures of a text's word tokens, shared by the models that read the same sentence
 * (sentiment while segmenting, then action items and follow-ups). Do not mutate the result.
 */
export function textFeatures(text: string): readonly string[] {
  const known = recent.get(text);
  if (known !== undefined) return known;
  const features = sentenceFeatures(wordTokens(text));
  if (recent.size >= recentLimit) recent.delete(recent.keys().next().value as string);
  recent.set(text, features);
  return features;
}

/**
 * The features the sentence classifiers read: words (`w:`), word pairs (`b:`), the first one and
 * two words (`s:`, `s2:`), the last one and two (`e:`, `e2:`) and a length bucket (`n:`). Digits
 * are folded to `0` so numbers share weights. Training and inference both call this, so the two
 * can never disagree.
 */
export function sentenceFeatures(tokens: readonly string[]): string[] {
  const words = tokens.map((t) => (digit.test(t) ? t.replace(digits, '0') : t));
  const out: string[] = [`n:${lengthBucket(words.length)}`];
  const n = words.length;
  if (n === 0) return out;
  for (let i = 0; i < n; i++) {
    out.push(`w:${words[i]}`);
    if (i > 0) out.push(`b:${words[i - 1]} ${words[i]}`);
  }
  out.push(`s:${words[0]}`, `e:${words[n - 1]}`);
  if (n > 1) out.push(`s2:${words[0]} ${words[1]}`, `e2:${words[n - 2]} ${words[n - 1]}`);
  return out;
}
