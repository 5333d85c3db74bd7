import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversationScript } from '../../../../scripts/fixtures/conversationScriptSchema.ts';
import { decodeWav } from '../../../../scripts/fixtures/decodeWav.ts';
import {
  type SynthesizedConversation,
  synthesizeConversation,
} from '../../../../scripts/fixtures/synthesizeConversation.ts';
import { DEFAULT_ENDPOINTING } from '../../../../src/engine/asr/endpointing/EndpointingSettings.ts';
import { ENDPOINTING_BLOCK, PocketsphinxDecoder } from '../../../../src/engine/asr/PocketsphinxDecoder.ts';
import { pocketsphinxArguments } from '../../../../src/engine/asr/pocketsphinxArguments.ts';
import type { RecognitionEvent, RecognizedUtterance } from '../../../../src/engine/asr/RecognitionEvent.ts';

/** Two voices taking turns 0.2 s apart, with commas inside sentences. */
const script: ConversationScript = {
  name: 'endpointing-two-voices',
  kind: 'meeting',
  startTime: '2026-03-02T15:00:00Z',
  speakers: [
    { id: 'ana', name: 'Ana', voice: 'slt' },
    { id: 'ben', name: 'Ben', voice: 'rms' },
  ],
  lines: [
    { speaker: 'ana', text: 'Good morning. The new release is ready for testing.', pauseAfterMs: 200 },
    {
      speaker: 'ben',
      text: 'Yes, it is slow on older phones, but I will fix it by Friday.',
      pauseAfterMs: 200,
    },
    { speaker: 'ana', text: 'Thanks, that sounds good to me.', pauseAfterMs: 200 },
    { speaker: 'ben', text: 'I will send the report to the whole team tomorrow morning.', pauseAfterMs: 200 },
  ],
};

/**
 * Two men whose pitches lie within 0.15 octave of each other (flite's rms and kal16), taking
 * turns 0.2 s apart; each turn ends where the language model does not expect a sentence to end,
 * so only the change of voice can end it at the turn. Measured on this audio: at the third change
 * (9.1 s) the pitches differ by 0.01 octave and the spectra by 2.1 units; at the first (3.5 s) by
 * 0.13 octave and 1.2 units, which the endpointer does not tell apart (its turns come in one final).
 */
const samePitch: ConversationScript = {
  name: 'endpointing-same-pitch',
  kind: 'meeting',
  startTime: '2026-03-02T15:00:00Z',
  speakers: [
    { id: 'brian', name: 'Brian', voice: 'rms' },
    { id: 'alex', name: 'Alex', voice: 'kal16' },
  ],
  lines: [
    { speaker: 'brian', text: 'I looked at the numbers from the test this morning and', pauseAfterMs: 200 },
    { speaker: 'alex', text: 'The new version is faster on the older servers but', pauseAfterMs: 200 },
    { speaker: 'brian', text: 'We should move the release to the second week of', pauseAfterMs: 200 },
    { speaker: 'alex', text: 'I will write to the customer about the delay in the', pauseAfterMs: 200 },
  ],
};

let fixture: SynthesizedConversation;
let events: RecognitionEvent[];

/** Decodes the mix as a live stream would arrive, in 100 ms frames, with the endpointer. */
function decodeLive(pcm: Int16Array): RecognitionEvent[] {
  const decoder = new PocketsphinxDecoder(pocketsphinxArguments({ endpointing: {} }), {
    blockSamples: ENDPOINTING_BLOCK,
    partialIntervalMs: 200,
    endpointing: DEFAULT_ENDPOINTING,
  });
  try {
    const out: RecognitionEvent[] = [];
    for (let at = 0; at < pcm.length; at += 1600) out.push(...decoder.process(pcm.subarray(at, at + 1600)));
    out.push(...decoder.finish());
    return out;
  } finally {
    decoder.release();
  }
}

const finalsOf = (from: RecognitionEvent[]): RecognizedUtterance[] =>
  from.flatMap((e) => (e.type === 'final' ? [e.utterance] : []));
const finals = (): RecognizedUtterance[] => finalsOf(events);

/** For each final, the turns its words fall in. */
const turnsOf = (conversation: SynthesizedConversation, utterances: RecognizedUtterance[]): number[][] =>
  utterances.map((u) => [
    ...new Set(
      u.words.map((w) =>
        conversation.turns.findIndex(
          (t) => (w.start + w.end) / 2 >= t.start - 0.1 && (w.start + w.end) / 2 <= t.end + 0.1,
        ),
      ),
    ),
  ]);

describe('live endpointing on real speech', () => {
  beforeAll(async () => {
    fixture = await synthesizeConversation(script);
    events = decodeLive(decodeWav(readFileSync(fixture.mixWav)).samples);
  }, 120_000);

  it('gives one final per turn when voices take turns 0.2 s apart', () => {
    expect(turnsOf(fixture, finals())).toEqual(fixture.turns.map((_, i) => [i]));
  });

  it('ends a turn mid-sentence where a voice of the same pitch but another spectrum takes over', async () => {
    const conversation = await synthesizeConversation(samePitch);
    const turns = turnsOf(
      conversation,
      finalsOf(decodeLive(decodeWav(readFileSync(conversation.mixWav)).samples)),
    );
    expect(turns).toContainEqual([2]);
    expect(turns).toContainEqual([3]);
  }, 120_000);

  it('does not cut a sentence at a comma pause', () => {
    const texts = finals().map((u) => u.text);
    expect(texts.find((t) => t.includes('slow'))).toMatch(/slow.*friday/);
    expect(texts.find((t) => t.includes('thanks'))).toMatch(/thanks.*good/);
  });

  it('keeps partials coming while a turn is spoken', () => {
    const partialsBeforeFirstFinal = events.findIndex((e) => e.type === 'final');
    expect(
      events.slice(0, partialsBeforeFirstFinal).filter((e) => e.type === 'partial').length,
    ).toBeGreaterThan(2);
  });
});
