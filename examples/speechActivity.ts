/**
 * A reactive pipeline over a file: decode, cut into 20 ms frames, label speech, and report each
 * stretch of speech with its start and end.
 * Run: npx tsx examples/speechActivity.ts meeting.wav
 */

import { frames, fromFile, vad } from 'parley';
import { filter, lastValueFrom, map, type Observable, scan } from 'rxjs';

export interface SpeechStretch {
  start: number;
  end: number;
}

/** Stretches of speech (seconds) found by the energy detector, as they close. */
export function speechStretches(path: string): Observable<SpeechStretch[]> {
  const frameMs = 20;
  return fromFile(path).pipe(
    frames(frameMs),
    vad({ thresholdDb: -40, hangoverMs: 300 }),
    scan(
      (state, activity, i) => {
        const t = (i * frameMs) / 1000;
        if (activity.speech && state.open === undefined) return { ...state, open: t };
        if (!activity.speech && state.open !== undefined)
          return { open: undefined, closed: [...state.closed, { start: state.open, end: t }] };
        return state;
      },
      { open: undefined as number | undefined, closed: [] as SpeechStretch[] },
    ),
    map((state) => state.closed),
    filter((closed) => closed.length > 0),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2];
  if (!path) throw new Error('usage: examples/speechActivity.ts <file>');
  const stretches = await lastValueFrom(speechStretches(path));
  for (const s of stretches) console.log(`${s.start.toFixed(2)}s - ${s.end.toFixed(2)}s`);
}
