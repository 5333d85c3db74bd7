/** Who spoke a message, as the insight engine and the wire model see it. */
export interface SpeakerIdentity {
  /** Stable within a conversation: `speaker-1`, `speaker-2`, ... (or the channel's userId). */
  id: string;
  /** `Speaker 1`, `Speaker 2`, ... unless channel metadata names them. */
  name: string;
  email?: string;
}

/** Channel metadata as the async API takes it (`channel` is 1-based). */
export interface ChannelMetadata {
  channel: number;
  speaker: { name?: string | undefined; email?: string | undefined; userId?: string | undefined };
}

/** The identity of speaker `index` (0-based), named from channel metadata when given. */
export function speakerIdentity(index: number, metadata?: readonly ChannelMetadata[]): SpeakerIdentity {
  const named = metadata?.find((m) => m.channel === index + 1)?.speaker;
  const fallback = `Speaker ${index + 1}`;
  return {
    id: named?.userId ?? named?.email ?? `speaker-${index + 1}`,
    name: named?.name ?? fallback,
    ...(named?.email ? { email: named.email } : {}),
  };
}
