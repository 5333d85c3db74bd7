import { z } from 'zod';
import { RemoteRecognizerError } from '../../errors/RemoteRecognizerError.ts';
import type { RecognizedUtterance, RecognizedWord } from './RecognitionEvent.ts';

const Seconds = z.number().finite();
const TimedWord = z.looseObject({
  word: z.string(),
  start: Seconds,
  end: Seconds,
  probability: z.number().finite().optional(),
});
const Segment = z.looseObject({
  start: Seconds,
  end: Seconds,
  text: z.string().optional(),
  avg_logprob: z.number().finite().optional(),
  words: z.array(TimedWord).optional(),
});

/**
 * The verbose JSON answer of an OpenAI-compatible `/v1/audio/transcriptions` endpoint, as far as
 * Parley reads it. Word timings come either at the top level (`timestamp_granularities[]=word`,
 * as OpenAI and faster-whisper servers answer) or inside each segment (whisper.cpp's server).
 */
export const VerboseTranscription = z.looseObject({
  text: z.string(),
  words: z.array(TimedWord).optional(),
  segments: z.array(Segment).optional(),
});
export type VerboseTranscription = z.infer<typeof VerboseTranscription>;

/** A word as the recogniser contract spells it: lower case, no surrounding punctuation. */
export function plainSpokenWord(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}$£€]+|[^\p{L}\p{N}%']+$/gu, '');
}

interface Piece {
  text: string;
  start: number;
  end: number;
  confidence: number;
}

/**
 * Joins sub-word pieces into words. whisper.cpp lists tokens (" comp", "uter") where a leading
 * space starts a word; OpenAI-style servers list whole words with no leading space. When any
 * piece starts with a space, a piece without one continues the word before it.
 */
function joinPieces(pieces: readonly Piece[]): Piece[] {
  const tokenised = pieces.some((p) => /^\s/.test(p.text));
  const words: Piece[] = [];
  for (const piece of pieces) {
    const last = words[words.length - 1];
    if (tokenised && last && !/^\s/.test(piece.text)) {
      last.text += piece.text;
      last.end = Math.max(last.end, piece.end);
      last.confidence = Math.min(last.confidence, piece.confidence);
    } else {
      words.push({ ...piece });
    }
  }
  return words;
}

function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Turns a transcription of one chunk into utterances timed from the start of the stream: one
 * utterance per segment (or one for the chunk when the server gives no segments), words shifted
 * by `offset` and kept inside the chunk's `duration`. Word confidence is the server's word
 * probability, else the segment's exp(avg_logprob), else 1. A segment with text but no word
 * timings gets its words spread evenly over the segment. Throws RemoteRecognizerError when the
 * answer is not a transcription.
 */
export function transcriptionUtterances(
  answer: unknown,
  offset: number,
  duration: number,
): RecognizedUtterance[] {
  const parsed = VerboseTranscription.safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RemoteRecognizerError(
      `the transcription server's answer is not a verbose transcription (${issue?.path.join('.') || 'answer'}: ${issue?.message})`,
    );
  }
  const { text, words, segments } = parsed.data;
  const groups: Piece[][] = [];
  const confidenceOf = (segment?: { avg_logprob?: number | undefined }) =>
    segment?.avg_logprob === undefined ? 1 : clamp(Math.exp(segment.avg_logprob), 0, 1);
  if (words !== undefined && words.length > 0) {
    // Top-level words: group them by the segment they fall in, so utterances follow its pauses.
    const bySegment = new Map<number, Piece[]>();
    for (const w of words) {
      const middle = (w.start + w.end) / 2;
      const index = segments?.findIndex((s) => middle >= s.start && middle <= s.end) ?? -1;
      const segment = index >= 0 ? segments?.[index] : undefined;
      const list = bySegment.get(index) ?? [];
      list.push({
        text: w.word,
        start: w.start,
        end: w.end,
        confidence: w.probability ?? confidenceOf(segment),
      });
      bySegment.set(index, list);
    }
    groups.push(...[...bySegment.values()].map(joinPieces));
  } else if (segments !== undefined && segments.length > 0) {
    for (const segment of segments) {
      if (segment.words !== undefined && segment.words.length > 0) {
        groups.push(
          joinPieces(
            segment.words.map((w) => ({
              text: w.word,
              start: w.start,
              end: w.end,
              confidence: w.probability ?? confidenceOf(segment),
            })),
          ),
        );
      } else {
        groups.push(spread(segment.text ?? '', segment.start, segment.end, confidenceOf(segment)));
      }
    }
  } else {
    groups.push(spread(text, 0, duration, 1));
  }
  const utterances: RecognizedUtterance[] = [];
  for (const group of groups) {
    const recognized: RecognizedWord[] = [];
    for (const piece of group) {
      const word = plainSpokenWord(piece.text);
      if (word === '') continue;
      const start = clamp(piece.start, 0, duration);
      recognized.push({
        word,
        start: round3(offset + start),
        end: round3(offset + clamp(piece.end, start, duration)),
        confidence: round3(clamp(piece.confidence, 0, 1)),
      });
    }
    if (recognized.length === 0) continue;
    recognized.sort((a, b) => a.start - b.start);
    utterances.push({
      text: recognized.map((w) => w.word).join(' '),
      start: (recognized[0] as RecognizedWord).start,
      end: Math.max(...recognized.map((w) => w.end)),
      confidence: round3(recognized.reduce((s, w) => s + w.confidence, 0) / recognized.length),
      words: recognized,
    });
  }
  return utterances.sort((a, b) => a.start - b.start);
}

/** Words of a text spread evenly over [start, end], for answers without word timings. */
function spread(text: string, start: number, end: number, confidence: number): Piece[] {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  const step = tokens.length === 0 ? 0 : Math.max(0, end - start) / tokens.length;
  return tokens.map((t, i) => ({
    text: t,
    start: start + i * step,
    end: start + (i + 1) * step,
    confidence,
  }));
}
