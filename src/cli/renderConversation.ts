import { defer, forkJoin, map, type Observable, shareReplay } from 'rxjs';
import type { ConversationHandle } from '../conversations/ConversationHandle.ts';
import { formattedTranscriptText } from '../model/transcript.ts';
import { fetchConversationSnapshot } from './fetchConversationSnapshot.ts';
import { formatConversationMarkdown } from './formatConversationMarkdown.ts';
import { formatConversationText } from './formatConversationText.ts';
import type { OutputFormat } from './outputTargets.ts';

/** How JSON is laid out: indented for a file or a single result, one line each for a stream of them. */
export type JsonLayout = 'indented' | 'line';

/**
 * A conversation in each of `formats`, read through the Conversation API: text, Markdown and
 * JSON from one fetch of every resource (JSON is the Conversation API objects, as the engine
 * produces them), SRT and VTT rendered by the server's formatted-transcript endpoint, so every
 * client gets the same subtitles. Cold; each text ends with a newline.
 */
export function renderConversation(
  conversation: ConversationHandle,
  formats: readonly OutputFormat[],
  jsonLayout: JsonLayout = 'indented',
): Observable<Map<OutputFormat, string>> {
  return defer(() => {
    const snapshot = fetchConversationSnapshot(conversation).pipe(
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    const subtitles = (contentType: 'text/srt' | 'text/vtt') =>
      conversation
        .getFormattedTranscript({ contentType, showSpeakerSeparation: true })
        .pipe(map((r) => `${formattedTranscriptText(r.transcript)}\n`));
    const render: Record<OutputFormat, () => Observable<string>> = {
      text: () => snapshot.pipe(map(formatConversationText)),
      md: () => snapshot.pipe(map(formatConversationMarkdown)),
      json: () =>
        snapshot.pipe(
          map((s) => `${jsonLayout === 'line' ? JSON.stringify(s) : JSON.stringify(s, null, 2)}\n`),
        ),
      srt: () => subtitles('text/srt'),
      vtt: () => subtitles('text/vtt'),
    };
    return forkJoin(formats.map((format) => render[format]())).pipe(
      map((texts) => new Map(formats.map((format, i) => [format, texts[i]!]))),
    );
  });
}
