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

const finals = (): RecognizedUtterance[] => events.flatMap((e) => (e.type === 'final' ? [e.utterance] : []));

describe('live endpointing on real speech', () => {
  beforeAll(async () => {
    fixture = await synthesizeConversation(script);
    events = decodeLive(decodeWav(readFileSync(fixture.mixWav)).samples);
  }, 120_000);

  it('gives one final per turn when voices take turns 0.2 s apart', () => {
    const turnOf = (u: RecognizedUtterance): number[] => [
      ...new Set(
        u.words.map((w) =>
          fixture.turns.findIndex(
            (t) => (w.start + w.end) / 2 >= t.start - 0.1 && (w.start + w.end) / 2 <= t.end + 0.1,
          ),
        ),
      ),
    ];
    const got = finals();
    expect(got.map(turnOf)).toEqual(fixture.turns.map((_, i) => [i]));
  });

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
