import { evalCorpora } from './evalCorpora.ts';
import { evalFixtures } from './evalFixtures.ts';

/** `npm run eval:nlp`: scores the nlp analyzers on the labelled fixtures and public eval sets. */
const started = Date.now();
evalFixtures();
evalCorpora();
console.log(`\neval:nlp done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
