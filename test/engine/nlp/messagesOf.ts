import type { EngineSpeaker } from '../../../src/engine/nlp/EngineMessage.ts';
import { segmentUtterances } from '../../../src/engine/nlp/segmentUtterances.ts';

/** Messages of a small scripted conversation: [speaker, text] lines, 4 s apart. */
export function messagesOf(lines: ReadonlyArray<readonly [EngineSpeaker, string]>) {
  return segmentUtterances(
    lines.map(([speaker, text], i) => ({ id: `m${i}`, text, speaker, start: i * 4, end: i * 4 + 3 })),
  );
}

export const ben: EngineSpeaker = { id: 'ben', name: 'Ben', email: 'ben@example.com' };
export const ana: EngineSpeaker = { id: 'ana', name: 'Ana', email: 'ana@example.com' };
