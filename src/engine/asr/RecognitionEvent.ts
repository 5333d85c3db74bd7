/** One recognised word; times in seconds from the start of the stream. */
export interface RecognizedWord {
  word: string;
  start: number;
  end: number;
  /** Posterior probability of the word, 0-1. */
  confidence: number;
}

/** A stretch of speech between pauses, with its words. */
export interface RecognizedUtterance {
  text: string;
  start: number;
  end: number;
  /** Mean word confidence, 0-1 (0 for an utterance without words). */
  confidence: number;
  words: RecognizedWord[];
}

/**
 * What a Recognizer emits: `partial` hypotheses while an utterance is in progress (they may be
 * revised), and `final` utterances that will not change.
 */
export type RecognitionEvent =
  | { type: 'partial'; text: string; start: number }
  | { type: 'final'; utterance: RecognizedUtterance };
