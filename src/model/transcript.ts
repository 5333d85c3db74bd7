import { z } from 'zod';
import { looseBoolean } from './lenient.ts';

/* POST /v1/conversations/{id}/transcript: formatted transcript. */

/**
 * The formats a transcript can be rendered in: Symbl's two, and WebVTT (a Parley extension, for
 * players and web pages; Symbl's cloud answers 400 for it).
 */
export const TranscriptContentType = z.enum(['text/markdown', 'text/srt', 'text/vtt']);
export type TranscriptContentType = z.infer<typeof TranscriptContentType>;

/**
 * Body of POST …/transcript. Booleans may arrive as strings (JSON bodies from the Python SDK). The
 * highlighting and paragraph options only affect markdown. Unknown keys are rejected.
 */
export const FormattedTranscriptRequest = z.strictObject({
  contentType: TranscriptContentType,
  /** Markdown: group messages into paragraphs. */
  createParagraphs: looseBoolean.optional(),
  phrases: z
    .strictObject({
      /** Markdown: wrap insight key phrases in `<mark>…</mark>`. */
      highlightOnlyInsightKeyPhrases: looseBoolean.optional(),
      /** Markdown: wrap all key phrases (needs `detectPhrases`). */
      highlightAllKeyPhrases: looseBoolean.optional(),
    })
    .optional(),
  /** Prefix each sentence with `<speaker name>: `. */
  showSpeakerSeparation: looseBoolean.optional(),
});
export type FormattedTranscriptRequest = z.infer<typeof FormattedTranscriptRequest>;

/** The SRT payload as the documentation shows it: an object holding the text (VTT comes in the same shape). */
export const SrtTranscriptPayload = z.looseObject({
  content: z.string(),
  contentType: z.string().optional(),
});
export type SrtTranscriptPayload = z.infer<typeof SrtTranscriptPayload>;

/**
 * The rendered transcript. Markdown: `{payload: "<text>", contentType: "text/markdown"}`
 * (sentences separated by `<br/><br/>`). SRT: the documentation puts the text in `payload.content`
 * with `payload.contentType: "text/srt"`. Parley serves exactly these two documented forms (the Go
 * SDK, which expects a string, fails on the SRT object: the documentation decides), and VTT in the
 * SRT form. Both forms are accepted for any format when parsing; read the text with
 * {@link formattedTranscriptText}.
 */
export const FormattedTranscript = z.looseObject({
  payload: z.union([z.string(), SrtTranscriptPayload]),
  contentType: z.string().optional(),
});
export type FormattedTranscript = z.infer<typeof FormattedTranscript>;

/** POST …/transcript response. */
export const FormattedTranscriptResponse = z.looseObject({ transcript: FormattedTranscript });
export type FormattedTranscriptResponse = z.infer<typeof FormattedTranscriptResponse>;

/** The transcript text, whichever payload form the server used. */
export function formattedTranscriptText(transcript: FormattedTranscript): string {
  return typeof transcript.payload === 'string' ? transcript.payload : transcript.payload.content;
}

/** The transcript's content type, wherever the server put it (top level or inside the payload). */
export function formattedTranscriptContentType(transcript: FormattedTranscript): string | undefined {
  if (transcript.contentType !== undefined) return transcript.contentType;
  return typeof transcript.payload === 'string' ? undefined : transcript.payload.contentType;
}
