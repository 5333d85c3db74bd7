import { detectActionItems } from '../../src/engine/nlp/detectActionItems.ts';
import { detectQuestions } from '../../src/engine/nlp/detectQuestions.ts';
import type { EngineMessage, EngineSpeaker } from '../../src/engine/nlp/EngineMessage.ts';
import { extractEntities } from '../../src/engine/nlp/extractEntities.ts';
import { scoreSentiment } from '../../src/engine/nlp/scoreSentiment.ts';
import { segmentUtterances } from '../../src/engine/nlp/segmentUtterances.ts';
import { listConversationScripts, loadConversationScript } from '../fixtures/loadConversationScript.ts';
import { lexiconSentiment } from './lexiconSentiment.ts';
import { countDecision, emptyCounts, formatAccuracy, formatCounts, printRow } from './scoreCounts.ts';

const entityFamily = (type: string) => (/date|time/.test(type) ? 'date' : type);

/** Minutes behind UTC (getTimezoneOffset convention) of an ISO time with an explicit offset. */
function offsetMinutes(iso: string): number {
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso);
  return m ? (m[1] === '+' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}
function localDate(iso: string, offset: number): string {
  return new Date(new Date(iso).getTime() - offset * 60_000).toISOString().slice(0, 10);
}

/**
 * Scores every analyzer on the labelled lines of scripts/fixtures/conversations/*.json, one line
 * being one utterance; a line counts as a question (action item...) when any of its sentences is.
 */
export function evalFixtures(): void {
  const q = emptyCounts();
  const qBase = emptyCounts();
  const qBare = emptyCounts();
  const qBareBase = emptyCounts();
  const a = emptyCounts();
  const aBase = emptyCounts();
  const f = emptyCounts();
  const fBase = emptyCounts();
  let assigneeRight = 0;
  let assigneeTotal = 0;
  let dueRight = 0;
  let dueTotal = 0;
  let sentRight = 0;
  let sentBase = 0;
  let lines = 0;
  const ent = emptyCounts();
  const entBase = emptyCounts();
  for (const name of listConversationScripts()) {
    const script = loadConversationScript(name);
    const timezoneOffset = offsetMinutes(script.startTime);
    const members: EngineSpeaker[] = script.speakers.map((s) => ({ id: s.id, name: s.name, email: s.email }));
    const byId = new Map(members.map((m) => [m.id, m]));
    let t = 0;
    const utterances = script.lines.map((line, i) => {
      const start = t;
      t += line.text.split(/\s+/).length * 0.35 + (line.pauseAfterMs ?? 500) / 1000;
      return { id: `l${i}`, text: line.text, speaker: byId.get(line.speaker)!, start };
    });
    const messages = segmentUtterances(utterances, { names: members.map((m) => m.name ?? '') });
    const bare = segmentUtterances(
      utterances.map((u) => ({
        ...u,
        text: u.text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' '),
        recognized: true,
      })),
      { names: members.map((m) => m.name ?? '') },
    );
    const context = { startTime: script.startTime, timezoneOffset, members };
    const questions = new Set(detectQuestions(messages).map((x) => x.messageIds[0]!.split('-')[0]));
    const bareQuestions = new Set(detectQuestions(bare).map((x) => x.messageIds[0]!.split('-')[0]));
    const actions = detectActionItems(messages, context);
    const entities = extractEntities(messages, context);
    script.lines.forEach((line, i) => {
      const id = `l${i}`;
      const labels = line.labels ?? {};
      lines++;
      countDecision(q, questions.has(id), labels.question === true);
      countDecision(qBase, line.text.includes('?'), labels.question === true);
      countDecision(qBare, bareQuestions.has(id), labels.question === true);
      countDecision(qBareBase, false, labels.question === true);
      const mine = actions.filter((x) => x.messageIds[0]!.startsWith(`${id}-`));
      const gold = labels.actionItem;
      countDecision(a, mine.length > 0, gold !== undefined);
      countDecision(aBase, /\b(will|'ll|need to|let's)\b/i.test(line.text), gold !== undefined);
      countDecision(
        f,
        mine.some((x) => x.isFollowUp),
        gold?.followUp === true,
      );
      countDecision(fBase, /\b(email|call|meeting)\b/i.test(line.text), gold?.followUp === true);
      if (gold && mine.length > 0) {
        if (gold.assignee !== undefined) {
          assigneeTotal++;
          if (mine.some((x) => x.assignee.id === gold.assignee)) assigneeRight++;
        }
        if (gold.dueBy !== undefined) {
          dueTotal++;
          if (mine.some((x) => x.dueBy !== undefined && localDate(x.dueBy, timezoneOffset) === gold.dueBy))
            dueRight++;
        }
      }
      if (labels.sentiment !== undefined) {
        if (scoreSentiment(line.text).suggested === labels.sentiment) sentRight++;
        if (lexiconSentiment(line.text) === labels.sentiment) sentBase++;
      }
      const lineMessages = messages.filter((m: EngineMessage) => m.utteranceId === id);
      const found = entities.flatMap((e) =>
        e.messageRefs
          .filter((r) => lineMessages.some((m) => m.id === r.id))
          .map((r) => ({
            type: e.type,
            text: r.text.slice(r.offset, r.offset + e.text.length),
            value: e.value ?? e.start,
          })),
      );
      const wanted = labels.entities ?? [];
      const used = new Set<number>();
      for (const w of wanted) {
        const k = found.findIndex(
          (p, j) =>
            !used.has(j) &&
            entityFamily(p.type) === entityFamily(w.type) &&
            (p.text.toLowerCase().includes(w.text.toLowerCase()) ||
              w.text.toLowerCase().includes(p.text.toLowerCase())) &&
            (w.value === undefined ||
              entityFamily(w.type) !== 'date' ||
              p.value?.slice(0, 10) === String(w.value)),
        );
        if (k >= 0) {
          used.add(k);
          ent.tp++;
        } else ent.fn++;
      }
      ent.fp += found.length - used.size;
      // Baseline: capitalised words after the first as people, digits and number words as numbers.
      const base = [
        ...[...line.text.matchAll(/(?<=\s)[A-Z][a-z]+/g)].map((m) => ({ type: 'person', text: m[0] })),
        ...[...line.text.matchAll(/\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty)\b/gi)].map(
          (m) => ({
            type: 'number',
            text: m[0],
          }),
        ),
      ];
      const baseUsed = new Set<number>();
      for (const w of wanted) {
        const k = base.findIndex(
          (p, j) =>
            !baseUsed.has(j) &&
            p.type === entityFamily(w.type) &&
            w.text.toLowerCase().includes(p.text.toLowerCase()),
        );
        if (k >= 0) {
          baseUsed.add(k);
          entBase.tp++;
        } else entBase.fn++;
      }
      entBase.fp += base.length - baseUsed.size;
    });
  }
  console.log(`\nfixtures: ${listConversationScripts().length} scripts, ${lines} labelled lines`);
  printRow('questions (punctuated)', formatCounts(q), `ends with ?: ${formatCounts(qBase)}`);
  printRow(
    'questions (lower-case, no punct.)',
    formatCounts(qBare),
    `ends with ?: ${formatCounts(qBareBase)}`,
  );
  printRow('action items', formatCounts(a), `will/need to/let's: ${formatCounts(aBase)}`);
  printRow('follow-ups', formatCounts(f), `email/call/meeting: ${formatCounts(fBase)}`);
  printRow('action assignee (of found)', formatAccuracy(assigneeRight, assigneeTotal), '-');
  printRow('action dueBy date (of found)', formatAccuracy(dueRight, dueTotal), '-');
  printRow(
    'sentiment (3 classes)',
    formatAccuracy(sentRight, lines),
    `lexicon sign: ${formatAccuracy(sentBase, lines)}`,
  );
  printRow('entities (type+span+date value)', formatCounts(ent), `caps+numbers: ${formatCounts(entBase)}`);
}
