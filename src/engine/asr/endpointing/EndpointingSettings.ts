/**
 * How a live decoder decides that an utterance is over (see Endpointer). Times in seconds.
 */
export interface EndpointingSettings {
  /** Silence after speech that ends an utterance that looks finished (default 0.18). */
  shortHangoverSeconds?: number | undefined;
  /**
   * Silence after speech that ends any utterance (default 0.4); pocketsphinx's own end-of-speech
   * detector is set a little longer, as a backstop.
   */
  longHangoverSeconds?: number | undefined;
  /**
   * An utterance looks finished when the language model gives the end of a sentence after its
   * last two words at least this probability, as log10 (default -1.1, i.e. about 8%), and its
   * last word is one a sentence can end with.
   */
  sentenceEndLog10?: number | undefined;
  /**
   * Speech resuming after a pause in a clearly different voice ends the utterance at the pause
   * (default true). The resumed audio is held back from the recogniser while its voice is
   * judged: until its pitch is clearly another, or for `voiceCheckSeconds` (default 0.2), the
   * audio its spectrum is then judged on.
   */
  speakerChange?: boolean | undefined;
  voiceCheckSeconds?: number | undefined;
  /**
   * Whether pocketsphinx runs its second, flat-lexicon pass over each utterance when it ends
   * (`-fwdflat`; default false: files keep it). Without it a final costs about a fifth of the CPU
   * (27 against 126 ms P50 for a 3-5 s utterance on this machine), which is a third of the time
   * from the end of a turn to its final, for a word error rate within a point of it.
   */
  flatPass?: boolean | undefined;
}

/** Every setting filled in. */
export type ResolvedEndpointingSettings = Required<{
  [K in keyof EndpointingSettings]: Exclude<EndpointingSettings[K], undefined>;
}>;

export const DEFAULT_ENDPOINTING: ResolvedEndpointingSettings = {
  shortHangoverSeconds: 0.18,
  longHangoverSeconds: 0.4,
  sentenceEndLog10: -1.1,
  speakerChange: true,
  voiceCheckSeconds: 0.2,
  flatPass: false,
};

/** Settings with defaults for what is not given. */
export function resolveEndpointing(settings: EndpointingSettings): ResolvedEndpointingSettings {
  const resolved = { ...DEFAULT_ENDPOINTING };
  for (const [key, value] of Object.entries(settings))
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  return resolved;
}
