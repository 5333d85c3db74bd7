/*
 * What the server hands the conversation pages it serves (src/server/pages, src/web): plain
 * types, shared by both sides, with no runtime code so the page bundle stays small.
 */

/** How a conversation page looks: the Experience API's branding options. */
export interface PageLook {
  logo?: string;
  favicon?: string;
  background?: string;
  topicsFilter?: string;
  insightsFilter?: string;
  fontFamily?: string;
  /** A recording to play when the server kept none (the request's `videoUrl` / `audioUrl`). */
  mediaUrl?: string;
}

/** What the page script starts from, embedded in the page as JSON. */
export interface PageBoot {
  /** `conversation` (one conversation, maybe live) or `list` (the app's conversations). */
  view: 'conversation' | 'list';
  /** The read-only grant the page calls the API with. */
  grant: string;
  conversationId?: string;
  /** The experience asked for (`verbose-text-summary`, `video-summary`, `audio-summary`, `insights-*`). */
  experience: string;
  includeCallScore: boolean;
  look: PageLook;
  /** Set while the conversation is live and the link names its connection. */
  liveConnectionId?: string | undefined;
  /** Set when the conversation is live but the link names no connection to follow. */
  liveWithoutConnection?: boolean;
  /** Epoch seconds; absent when the link never expires. */
  expiresAt?: number;
}

/** One recording kept for a conversation, as `GET /v1/conversations/{id}/media` lists it. */
export interface KeptMediaItem {
  jobId: string;
  bytes: number;
  media: 'audio' | 'video';
  contentType: string;
  playable: boolean;
  offsetSeconds: number;
  /** Path of the recording (ranges supported). */
  url: string;
}
