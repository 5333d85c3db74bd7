import type { PauseFinder } from '../audio/PauseFinder.ts';
import type { PcmSpool } from '../audio/PcmSpool.ts';
import type { RecognizedUtterance, RecognizedWord } from './RecognitionEvent.ts';
import { type PieceRecognition, RecognitionPiece, withWords } from './RecognitionPiece.ts';
import type { Recognizer } from './Recognizer.ts';
import type { RecognizerOptions } from './RecognizerOptions.ts';

/** One channel to recognise: its spooled audio, the pauses found in it, and how to hear it. */
export interface RecognitionTrack {
  spool: PcmSpool;
  pauses: PauseFinder;
  options: RecognizerOptions;
}

/** How a recording is shared out (all lengths in samples of the tracks' rate). */
export interface ParallelRecognitionSettings {
  recognizer: Recognizer;
  /** Streams open at once, at most. */
  slots: number;
  /** Whether a piece may be split off now, e.g. the recogniser has an idle worker (default: yes). */
  canSplit?: () => boolean;
  /** A piece's stream starts at a multiple of this many samples from the start of the recording. */
  alignment: number;
  /** Audio recognised before a piece's start, so the recogniser's adaptive state has settled. */
  warmUp: number;
  /**
   * The recogniser's streams can listen without recognising (PiecewiseCapacity.listens): each
   * piece's stream listens from the start of the recording up to its warm-up (default: no).
   */
  listens?: boolean;
  /** Most audio read past a piece's end while the utterance running there finishes. */
  lookahead: number;
  /** No piece split off is shorter than this. */
  minPiece: number;
  /** Called as recognition advances, with the seconds of audio recognised (averaged over tracks). */
  onProgress?: (recognizedSeconds: number) => void;
  /** Called as each piece finishes (for benches and diagnostics). */
  onPiece?: (report: PieceReport) => void;
}

/** What one piece did: its ranges in samples and its wall time. */
export interface PieceReport {
  track: number;
  from: number;
  start: number;
  end: number | undefined;
  /** Samples read (from the start of the recording) when it stopped. */
  readTo: number;
  startedAt: number;
  seconds: number;
}

/** How often a refused split is tried again while nothing else happens. */
const RETRY_MS = 500;
/** A cut is at least this far (seconds) ahead of what the piece being cut has read. */
const CUT_MARGIN_SECONDS = 3;
/** Share of the remaining length around the ideal cut in which the longest pause is taken. */
const CUT_WINDOW = 0.1;

interface TrackState {
  track: RecognitionTrack;
  /** Pieces in order of start; they tile the recording. */
  pieces: RecognitionPiece[];
}

/**
 * Recognises one recording (one track per channel) on several recogniser streams at once. Each
 * track starts as one piece; whenever a stream is free and the recogniser can take more, the
 * piece with the most audio left is cut in two at a pause near the point that balances the two
 * halves (the cut-off half pays a warm-up first), and the second half runs on the free stream.
 * Pieces read the spooled audio as it is decoded; a piece whose end is not known yet (the
 * recording is still being decoded) is only cut once it is. The pieces' utterances are stitched
 * in order: each piece owns the words that start in its range, and no word is kept twice
 * (a word starting before the previous piece's last kept word ended is dropped).
 */
export class ParallelRecognition {
  readonly #tracks: TrackState[];
  readonly #settings: ParallelRecognitionSettings;
  readonly #running = new Map<RecognitionPiece, Promise<void>>();
  #wake: (() => void) | undefined;
  #aborted = false;

  constructor(tracks: readonly RecognitionTrack[], settings: ParallelRecognitionSettings) {
    if (settings.slots < 1) throw new RangeError('ParallelRecognition needs at least one slot');
    this.#tracks = tracks.map((track) => ({ track, pieces: [] }));
    this.#settings = settings;
  }

  /** Tells the scheduler that a spool grew or was completed. */
  notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Stops every piece at once (the caller's audio failed); `run` then resolves with what it has. */
  abort(): void {
    this.#aborted = true;
    for (const piece of this.#running.keys()) piece.abort();
    this.notify();
  }

  /** Recognises every track; one list of utterances per track, in time order. */
  async run(): Promise<RecognizedUtterance[][]> {
    try {
      while (!this.#aborted) {
        let refused = false;
        while (this.#running.size < this.#settings.slots) {
          const next = this.#nextPiece();
          if (next === 'refused') refused = true;
          if (next === undefined || next === 'refused') break;
          this.#start(next.piece, next.track);
        }
        if (this.#running.size === 0) break;
        const changed = new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        const timer = refused ? setTimeout(() => this.notify(), RETRY_MS) : undefined;
        try {
          await Promise.race([...this.#running.values(), changed]);
        } finally {
          clearTimeout(timer);
        }
      }
    } catch (error) {
      for (const piece of this.#running.keys()) piece.abort();
      await Promise.allSettled(this.#running.values());
      throw error;
    }
    return this.#tracks.map((state) => stitch(state.pieces));
  }

  #start(piece: RecognitionPiece, state: TrackState): void {
    const recognition: PieceRecognition = {
      recognizer: this.#settings.recognizer,
      options: state.track.options,
      lookahead: this.#settings.lookahead,
      listens: this.#settings.listens === true,
      onWrite: () => this.#progress(),
    };
    const startedAt = performance.now();
    this.#running.set(
      piece,
      piece.run(recognition).then(() => {
        this.#running.delete(piece);
        this.#settings.onPiece?.({
          track: this.#tracks.indexOf(state),
          from: piece.from,
          start: piece.start,
          end: piece.end,
          readTo: piece.position,
          startedAt,
          seconds: (performance.now() - startedAt) / 1000,
        });
      }),
    );
  }

  #progress(): void {
    const report = this.#settings.onProgress;
    if (report === undefined) return;
    let seconds = 0;
    for (const { track, pieces } of this.#tracks)
      for (const piece of pieces) seconds += piece.ownedWritten / track.spool.sampleRate;
    report(seconds / this.#tracks.length);
  }

  /** A track not started yet, else a piece split off the one with most left; 'refused' when splitting must wait. */
  #nextPiece(): { piece: RecognitionPiece; track: TrackState } | 'refused' | undefined {
    for (const state of this.#tracks) {
      if (state.pieces.length > 0) continue;
      const piece = new RecognitionPiece(state.track.spool, 0, undefined, 0);
      state.pieces.push(piece);
      return { piece, track: state };
    }
    let best: { piece: RecognitionPiece; track: TrackState; end: number } | undefined;
    for (const state of this.#tracks) {
      const spool = state.track.spool;
      for (const piece of state.pieces) {
        if (!this.#running.has(piece)) continue;
        const end = piece.end ?? (spool.complete ? spool.samples : undefined);
        if (end === undefined) continue;
        if (best === undefined || end - piece.position > best.end - best.piece.position)
          best = { piece, track: state, end };
      }
    }
    if (best === undefined) return undefined;
    const { piece, track, end } = best;
    const { minPiece, warmUp, alignment } = this.#settings;
    const left = end - piece.position;
    if (left < 2 * minPiece) return undefined;
    if (this.#settings.canSplit?.() === false) return 'refused';
    const rate = track.track.spool.sampleRate;
    // The new piece warms up first: give it that much less to own.
    const target = piece.position + (left + warmUp) / 2;
    const cut = choosePause(
      track.track.pauses,
      target,
      Math.max(piece.position + CUT_MARGIN_SECONDS * rate, piece.start + minPiece),
      end - minPiece,
      left * CUT_WINDOW,
    );
    if (cut === undefined) return undefined;
    const from = Math.max(0, Math.floor((cut - warmUp) / alignment) * alignment);
    const next = new RecognitionPiece(track.track.spool, cut, piece.end, from);
    piece.shorten(cut);
    track.pieces.splice(track.pieces.indexOf(piece) + 1, 0, next);
    return { piece: next, track };
  }
}

/**
 * The pause to cut at: the longest whose middle lies within `window` of `target`, else the one
 * nearest `target`; only pauses with their middle in `[from, to]`.
 */
function choosePause(
  finder: PauseFinder,
  target: number,
  from: number,
  to: number,
  window: number,
): number | undefined {
  let longest: { middle: number; length: number } | undefined;
  let nearest: number | undefined;
  for (const pause of finder.pauses) {
    if (pause.middle < from || pause.middle > to) continue;
    if (Math.abs(pause.middle - target) <= window && (longest === undefined || pause.length > longest.length))
      longest = pause;
    if (nearest === undefined || Math.abs(pause.middle - target) < Math.abs(nearest - target))
      nearest = pause.middle;
  }
  return longest?.middle ?? nearest;
}

/**
 * The pieces' owned words in order: each piece's utterances as its stream gave them, then the next
 * piece's. Times decide ownership only: pocketsphinx sometimes times an utterance's words seconds
 * late, so within a stream they are not always in order. Owned ranges do not overlap, so when the
 * streams agree (as they do once a piece has warmed up) each word is kept exactly once; should they
 * place one word on either side of a cut, the copy that overlaps the same word kept by the
 * previous piece is dropped.
 */
export function stitch(pieces: readonly { utterances(): RecognizedUtterance[] }[]): RecognizedUtterance[] {
  const out: RecognizedUtterance[] = [];
  let previous: RecognizedWord[] = [];
  for (const piece of pieces) {
    const utterances = piece.utterances();
    const first = Math.min(...utterances.map((u) => u.start));
    const overlapping = previous.filter((p) => p.end > first);
    const kept: RecognizedWord[] = [];
    for (const utterance of utterances) {
      const trimmed = withWords(
        utterance,
        utterance.words.filter(
          (w) => !overlapping.some((p) => p.word === w.word && p.start < w.end && w.start < p.end),
        ),
      );
      if (trimmed === undefined) continue;
      out.push(trimmed);
      kept.push(...trimmed.words);
    }
    if (kept.length > 0) previous = kept;
  }
  return out;
}
