import {
  type ConversationScript,
  listConversationScripts,
  loadConversationScript,
} from '../../../scripts/fixtures/loadConversationScript.ts';
import type { EngineSpeaker } from '../../../src/engine/nlp/EngineMessage.ts';

/** One labelled line of the fixture scripts, with its script's members. */
export interface LabelledLine {
  script: ConversationScript;
  members: EngineSpeaker[];
  line: ConversationScript['lines'][number];
}

/** Every line of the labelled conversation scripts in scripts/fixtures/conversations. */
export function labelledLines(): LabelledLine[] {
  return listConversationScripts().flatMap((name) => {
    const script = loadConversationScript(name);
    const members = script.speakers.map((s) => ({ id: s.id, name: s.name, email: s.email }));
    return script.lines.map((line) => ({ script, members, line }));
  });
}

/** F1 of binary decisions. */
export function f1(decisions: ReadonlyArray<{ predicted: boolean; gold: boolean }>): number {
  const tp = decisions.filter((d) => d.predicted && d.gold).length;
  const fp = decisions.filter((d) => d.predicted && !d.gold).length;
  const fn = decisions.filter((d) => !d.predicted && d.gold).length;
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}
