import { PII_TYPES } from '../../src/engine/redaction/PiiSpan.ts';
import { evalRedactionExternal } from './evalRedactionExternal.ts';
import { redactionCorpus } from './redactionCorpus.ts';
import { formatCounts } from './scoreCounts.ts';
import { scoreRedaction } from './scoreRedaction.ts';

/** `npm run eval:redaction`: precision and recall of PII/PCI detection on the generated labelled set. */
const corpus = redactionCorpus();
const started = performance.now();
const scores = scoreRedaction(corpus);
const ms = performance.now() - started;
const spoken = scoreRedaction(corpus.filter((c) => c.spoken));
console.log(
  `${corpus.length} sentences (${corpus.filter((c) => c.spoken).length} in a recogniser's form), ${corpus.reduce((n, c) => n + c.spans.length, 0)} labelled identifiers`,
);
for (const type of PII_TYPES) console.log(`${type.padEnd(26)} ${formatCounts(scores.byType[type])}`);
console.log(`${'all kinds'.padEnd(26)} ${formatCounts(scores.overall)}`);
console.log(`${'spoken sentences only'.padEnd(26)} ${formatCounts(spoken.overall)}`);
const { labelled, covered, coveredLabelled } = scores.characters;
console.log(
  `characters: recall ${(coveredLabelled / labelled).toFixed(3)} (${coveredLabelled}/${labelled}), precision ${(coveredLabelled / covered).toFixed(3)} (${coveredLabelled}/${covered})`,
);
console.log(`${(ms / corpus.length).toFixed(2)} ms per sentence`);
if (process.argv.includes('--errors')) {
  for (const m of scores.misses) console.log(`MISS ${m.type}: "${m.missed}" in: ${m.text}`);
  for (const f of scores.falsePositives)
    console.log(`FALSE ${f.found.type}: "${f.found.text}" in: ${f.text}`);
}
evalRedactionExternal();
