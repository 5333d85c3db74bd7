import { readFileSync } from 'node:fs';
import { decodeWav } from '../scripts/fixtures/decodeWav.ts';
import { loadConversationScript } from '../scripts/fixtures/loadConversationScript.ts';
import { type ConversationTurn, synthesizeConversation } from '../scripts/fixtures/synthesizeConversation.ts';

/** Scripts the endpointer was tuned on, and scripts held out to check the tuning. */
export const TUNING_SCRIPTS = ['sample-meeting', 'engineering-standup', 'product-planning'];
export const HELD_OUT_SCRIPTS = ['sales-discovery', 'support-call', 'hiring-debrief'];

/** The scripts a bench run asks for in ENDPOINT_BENCH_SCRIPTS (comma-separated), or all six. */
export function benchScripts(): string[] {
  return (process.env.ENDPOINT_BENCH_SCRIPTS ?? [...TUNING_SCRIPTS, ...HELD_OUT_SCRIPTS].join(',')).split(
    ',',
  );
}

/** Level of the room-noise bed under the untrimmed fixtures (dBFS RMS). */
export const NOISE_BED_DBFS = -48;

/**
 * How a script is laid out: its own 0.4-0.7 s pauses or every pause `gapMs`; trimmed lines on
 * digital silence, or lines with flite's edge silence kept over a quiet pink-noise bed.
 */
export interface FixtureVariant {
  name: string;
  gapMs?: number;
  room?: boolean;
}

export const FIXTURE_VARIANTS: readonly FixtureVariant[] = [
  { name: 'natural gaps' },
  { name: 'gaps 0.35 s', gapMs: 350 },
  { name: 'gaps 0.2 s', gapMs: 200 },
  { name: 'untrimmed + noise, natural gaps', room: true },
  { name: 'untrimmed + noise, gaps 0.2 s', gapMs: 200, room: true },
];

export interface EndpointingFixture {
  script: string;
  variant: FixtureVariant;
  turns: ConversationTurn[];
  pcm: Int16Array;
}

/** Synthesizes (or reads from the cache) one script in one variant, as 16 kHz mono PCM. */
export async function endpointingFixture(
  scriptName: string,
  variant: FixtureVariant,
): Promise<EndpointingFixture> {
  const script = loadConversationScript(scriptName);
  const gapMs = variant.gapMs;
  const laidOut =
    gapMs === undefined
      ? script
      : {
          ...script,
          name: `${script.name}-gaps-${gapMs}`,
          lines: script.lines.map((line) => ({ ...line, pauseAfterMs: gapMs })),
        };
  const synthesized = await synthesizeConversation(
    laidOut,
    variant.room ? { untrimmedEdges: true, noiseBedDbfs: NOISE_BED_DBFS } : {},
  );
  const wav = decodeWav(readFileSync(synthesized.mixWav));
  return { script: scriptName, variant, turns: synthesized.turns, pcm: wav.samples };
}
