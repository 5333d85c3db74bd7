import { readEvalFile } from '../eval/readEvalData.ts';

/** CLINC150 items of one split as [utterance, intent]. */
export function clincSplit(
  split: 'train' | 'val' | 'test' | 'oos_train' | 'oos_val',
): Array<[string, string]> {
  const data = JSON.parse(readEvalFile('follow-ups/clinc150/data_full.json')) as Record<
    string,
    [string, string][]
  >;
  return data[split] ?? [];
}

/** The Enron intent training sentences (Parakweet's train file), each with its "Yes" label. */
export function enronTrain(): Array<{ text: string; actionable: boolean }> {
  return readEvalFile('action-items/enron-email-intent/train.tsv')
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => {
      const [label, text = ''] = l.split('\t');
      return { text: text.trim(), actionable: label === 'Yes' };
    });
}
