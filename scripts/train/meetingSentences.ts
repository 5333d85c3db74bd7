import { listTrainDir, readTrainFile } from './readTrainData.ts';

/** One sentence of a transcribed meeting, with whether its writer ended it with "?". */
export interface MeetingSentence {
  meeting: string;
  text: string;
  question: boolean;
}

/** Transcript markup that is not speech: {disfmarker}, {vocalsound}, "@ @" (unintelligible). */
const markup = /\{[a-z_]+\}|@\s*@|@/g;

/**
 * Sentences of the QMSum meetings in `split` (train or val): each turn is cut after ".", "?" and
 * "!", contractions written apart ("she 's", "do n't") are joined, markup is dropped. The rest
 * of a turn that stops without punctuation (cut off, or continued later) is left out.
 */
export function meetingSentences(split: 'train' | 'val'): MeetingSentence[] {
  const out: MeetingSentence[] = [];
  for (const file of listTrainDir('questions/qmsum', split)) {
    const meeting = file.replace(/\.json$/, '');
    const json = JSON.parse(readTrainFile('questions/qmsum', split, file)) as {
      meeting_transcripts: Array<{ content: string }>;
    };
    for (const turn of json.meeting_transcripts) {
      const text = turn.content
        .replace(markup, ' ')
        .replace(/ (n't|'s|'re|'ve|'ll|'d|'m)\b/gi, '$1')
        .replace(/\s+/g, ' ');
      for (const m of text.matchAll(/[^.?!]+(?:[.?!]+|$)/g)) {
        const sentence = m[0].trim();
        // Without its own full stop or "?" a sentence was cut off or goes on in a later turn:
        // whether its writer would have marked it a question is unknown.
        if (!/[a-z]/i.test(sentence) || !/[.?!]$/.test(sentence)) continue;
        out.push({ meeting, text: sentence, question: /\?+$/.test(sentence) });
      }
    }
  }
  return out;
}
