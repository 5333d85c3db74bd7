/**
 * `npm run fixtures`: speaks every conversation script in scripts/fixtures/conversations with
 * flite into .cache/fixtures (mix, per-speaker channels, reference transcript, RTTM) and prints
 * one line per fixture. Already-synthesized fixtures come from the cache.
 */
import { relative } from 'node:path';
import { synthesizeAllFixtures } from './fixtures/synthesizeAllFixtures.ts';

const started = Date.now();
try {
  const fixtures = await synthesizeAllFixtures({}, (f) => {
    const speech = f.turns.reduce((sum, t) => sum + (t.end - t.start), 0);
    console.log(
      [
        f.script.name.padEnd(20),
        `${f.sampleRate / 1000} kHz`.padEnd(7),
        `${f.script.speakers.length} speakers`,
        `${f.turns.length} turns`.padEnd(9),
        `${f.duration.toFixed(1)} s audio (${speech.toFixed(1)} s speech)`,
        f.fromCache ? 'cached ' : 'made   ',
        relative(process.cwd(), f.dir),
      ].join('  '),
    );
  });
  console.log(`${fixtures.length} fixtures in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
