import type { ConversationScript } from '../../../scripts/fixtures/loadConversationScript.ts';
import type { EngineMessage, EngineWord, InputUtterance } from '../../../src/engine/nlp/EngineMessage.ts';

/** Seconds per spoken word and default pause in the synthetic timeline the tests reason about. */
export const secondsPerWord = 0.3;
export const defaultPauseMs = 400;

const labelScore = { positive: 0.6, negative: -0.6, neutral: 0 } as const;

/**
 * The script's lines as utterances on a synthetic timeline: every word lasts `secondsPerWord`,
 * lines follow each other after `pauseAfterMs` (default 400 ms; negative pauses overlap). Talk
 * times are therefore known exactly: words * 0.3 s per line.
 */
export function scriptUtterances(script: ConversationScript): InputUtterance[] {
  const byId = new Map(script.speakers.map((s) => [s.id, s]));
  let clock = 0;
  return script.lines.map((line, index) => {
    const speaker = byId.get(line.speaker);
    const words: EngineWord[] = line.text
      .split(/\s+/)
      .filter((w) => w.length > 0)
      .map((word, i) => ({ word, start: clock + i * secondsPerWord, end: clock + (i + 1) * secondsPerWord }));
    const start = clock;
    const end = clock + words.length * secondsPerWord;
    clock = end + (line.pauseAfterMs ?? defaultPauseMs) / 1000;
    return {
      id: `u${index}`,
      text: line.text,
      speaker: { id: line.speaker, name: speaker?.name ?? line.speaker, email: speaker?.email },
      start,
      end,
      words,
    };
  });
}

/** One EngineMessage per script line (sentiment from the line's label), for analyzer tests. */
export function scriptMessages(script: ConversationScript): EngineMessage[] {
  return scriptUtterances(script).map((utterance, index) => ({
    id: `m${index}`,
    index,
    text: utterance.text,
    speaker: utterance.speaker ?? {},
    start: utterance.start ?? 0,
    end: utterance.end ?? 0,
    words: [...(utterance.words ?? [])],
    sentiment: {
      score: labelScore[script.lines[index]?.labels?.sentiment ?? 'neutral'],
      suggested: script.lines[index]?.labels?.sentiment ?? 'neutral',
    },
    utteranceId: utterance.id ?? `u${index}`,
  }));
}
