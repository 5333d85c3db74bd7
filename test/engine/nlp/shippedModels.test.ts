import { readFileSync, statSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionItemProbability } from '../../../src/engine/nlp/actionItemModel.ts';
import { classifyFollowUp, followUpProbability } from '../../../src/engine/nlp/classifyFollowUp.ts';
import { detectActionItems } from '../../../src/engine/nlp/detectActionItems.ts';
import { LinearModel, type LinearModelFile } from '../../../src/engine/nlp/LinearModel.ts';
import { nameTags, tagNames } from '../../../src/engine/nlp/nameTagger.ts';
import { scoreSentiment } from '../../../src/engine/nlp/scoreSentiment.ts';
import { segmentUtterances } from '../../../src/engine/nlp/segmentUtterances.ts';
import { sentimentProbabilities } from '../../../src/engine/nlp/sentimentModel.ts';
import { f1, labelledLines } from './labelledScripts.ts';

const models: Record<string, readonly string[]> = {
  actionItems: ['action_item'],
  followUps: ['follow_up'],
  sentiment: ['negative', 'neutral', 'positive'],
  names: nameTags,
};
const url = (name: string) => new URL(`../../../src/engine/nlp/models/${name}.json`, import.meta.url);

describe('shipped models', () => {
  it.each(Object.keys(models))(
    '%s loads: classes, one weight per feature and class, whole numbers',
    (name) => {
      const file = JSON.parse(readFileSync(url(name), 'utf8')) as LinearModelFile;
      expect(file.name).toBe(name);
      expect(file.classes).toEqual(models[name]);
      expect(file.weights).toHaveLength(file.features.length * file.classes.length);
      expect(file.weights.every(Number.isSafeInteger)).toBe(true);
      expect(new Set(file.features).size).toBe(file.features.length);
      expect(new LinearModel(file).size).toBeGreaterThan(1000);
    },
  );

  it('stay small: under 1 MB together', () => {
    const bytes = Object.keys(models).reduce((sum, name) => sum + statSync(url(name)).size, 0);
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('give the same answer every time, in range, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const p = followUpProbability(text);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(followUpProbability(text)).toBe(p);
        const a = actionItemProbability(text, undefined, false, false);
        expect(actionItemProbability(text, undefined, false, false)).toBe(a);
        const s = sentimentProbabilities(text, 0);
        expect(s.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 9);
        expect([...sentimentProbabilities(text, 0)]).toEqual([...s]);
        const names = tagNames(text);
        expect(tagNames(text)).toEqual(names);
        for (const n of names) expect(text.slice(n.offset, n.offset + n.text.length)).toBe(n.text);
      }),
      { numRuns: 300, seed: 19 },
    );
  });
});

describe('shipped models on the labelled fixture scripts', () => {
  const lines = labelledLines();

  it('follow-ups: F1 at least 0.9 over the lines labelled as action items', () => {
    const decisions = lines
      .filter((l) => l.line.labels?.actionItem !== undefined)
      .map((l) => ({
        predicted: classifyFollowUp(l.line.text),
        gold: l.line.labels?.actionItem?.followUp === true,
      }));
    expect(decisions.length).toBeGreaterThan(15);
    expect(f1(decisions)).toBeGreaterThanOrEqual(0.9);
  });

  it('action items: F1 at least 0.9 over every line', () => {
    const decisions = lines.map(({ line, members }) => {
      const speaker = members.find((m) => m.id === line.speaker)!;
      const messages = segmentUtterances([{ text: line.text, speaker }]);
      return {
        predicted: detectActionItems(messages, { members }).length > 0,
        gold: line.labels?.actionItem !== undefined,
      };
    });
    expect(f1(decisions)).toBeGreaterThanOrEqual(0.9);
  });

  it('sentiment: at least 0.68 of the labelled lines (the lexicon-only score)', () => {
    const rated = lines.filter((l) => l.line.labels?.sentiment !== undefined);
    const right = rated.filter((l) => scoreSentiment(l.line.text).suggested === l.line.labels?.sentiment);
    expect(rated.length).toBeGreaterThan(90);
    expect(right.length / rated.length).toBeGreaterThanOrEqual(0.68);
  });

  it('names: the tagger alone finds three in four labelled people, organisations and places', () => {
    let wanted = 0;
    let found = 0;
    for (const { line } of lines) {
      for (const e of line.labels?.entities ?? []) {
        if (e.type !== 'person' && e.type !== 'organization' && e.type !== 'location') continue;
        wanted++;
        if (tagNames(line.text).some((n) => n.type === e.type && n.text.includes(e.text))) found++;
      }
    }
    expect(wanted).toBeGreaterThan(20);
    expect(found / wanted).toBeGreaterThanOrEqual(0.75);
  });
});
