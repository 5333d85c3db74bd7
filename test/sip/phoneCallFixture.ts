import { readFileSync } from 'node:fs';
import { decodeWav } from '../../scripts/fixtures/decodeWav.ts';
import { loadConversationScript } from '../../scripts/fixtures/loadConversationScript.ts';
import { synthesizeConversation } from '../../scripts/fixtures/synthesizeConversation.ts';

/** Synthesized call audio at 8 kHz and what is said in it. */
export interface PhoneCallFixture {
  pcm8k: Int16Array;
  /** Every line's text, in order. */
  reference: string;
  seconds: number;
}

/**
 * The opening of the `support-call` script (a question, an account number, a complaint),
 * synthesized at 8 kHz as a telephone line carries it; cached like every fixture.
 */
export async function phoneCallFixture(lines = 6): Promise<PhoneCallFixture> {
  const script = loadConversationScript('support-call');
  const opening = { ...script, name: `support-call-opening-${lines}`, lines: script.lines.slice(0, lines) };
  const synthesized = await synthesizeConversation(opening, { sampleRate: 8000 });
  const wav = decodeWav(readFileSync(synthesized.mixWav), synthesized.mixWav);
  return {
    pcm8k: wav.samples,
    reference: opening.lines.map((l) => l.text).join(' '),
    seconds: wav.samples.length / wav.sampleRate,
  };
}
