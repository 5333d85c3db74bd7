/**
 * The insight engine's view of the conversation: what goes in (a speaker's utterance, from the
 * recogniser or from submitted text) and the analysed message every analyzer reads. Wire shapes
 * (src/model) are built from these by the aggregate; analyzers never see JSON.
 */

/** Who said something. All fields optional: recognised speech may know only "Speaker 1". */
export interface EngineSpeaker {
  /** Stable key inside one conversation (email, userId or name, whichever is known first). */
  id?: string | undefined;
  name?: string | undefined;
  userId?: string | undefined;
  email?: string | undefined;
}

/** A word with its timing, seconds from the start of the conversation. */
export interface EngineWord {
  word: string;
  start: number;
  end: number;
  /** Recognition confidence 0-1 (1 for typed text). */
  score?: number;
}

/**
 * One utterance as it arrives: a final recogniser result, or one entry of a Text API
 * `messages[]`. Text may be lower-case and unpunctuated (speech) or punctuated (typed).
 */
export interface InputUtterance {
  /** Caller's id for the utterance; the engine assigns one when missing. */
  id?: string | undefined;
  text: string;
  speaker?: EngineSpeaker | undefined;
  /** Seconds from the conversation start; from words when present, else estimated. */
  start?: number | undefined;
  end?: number | undefined;
  words?: readonly EngineWord[] | undefined;
  /** True when text came from a recogniser (no reliable case or punctuation). */
  recognized?: boolean | undefined;
  channel?: number | undefined;
}

/** Polarity in -1..1 and the wire's label for it. */
export interface EngineSentiment {
  score: number;
  suggested: 'positive' | 'neutral' | 'negative';
}

/**
 * One sentence-level message after analysis: punctuated and capitalised text, its words, its
 * speaker and times (seconds from conversation start), and its sentiment. Every insight refers
 * to messages by `id`.
 */
export interface EngineMessage {
  id: string;
  /** Index in conversation order, 0-based. */
  index: number;
  text: string;
  speaker: EngineSpeaker;
  start: number;
  end: number;
  words: EngineWord[];
  sentiment: EngineSentiment;
  /** Id of the utterance this sentence came from. */
  utteranceId: string;
}
