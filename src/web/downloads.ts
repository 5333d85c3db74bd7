import type { FormattedTranscriptResponse } from '../model/transcript.ts';
import { h, on } from './dom.ts';
import { type PageApi, PageApiError } from './PageApi.ts';

const FORMATS = [
  { label: 'SRT', contentType: 'text/srt', extension: 'srt' },
  { label: 'WebVTT', contentType: 'text/vtt', extension: 'vtt' },
  { label: 'Markdown', contentType: 'text/markdown', extension: 'md' },
] as const;

/**
 * Buttons that download the transcript in each format, rendered by the formatted transcript API
 * (`POST …/transcript`), so the page formats nothing itself.
 */
export function downloadButtons(api: PageApi, conversationId: string, name: string): HTMLElement {
  const status = h('p', { class: 'download-status', role: 'status' });
  const buttons = FORMATS.map((format) =>
    on(h('button', { type: 'button', class: 'download' }, format.label), {
      click: async () => {
        status.textContent = `Preparing the ${format.label} transcript…`;
        try {
          const { transcript } = await api.post<FormattedTranscriptResponse>(
            `/v1/conversations/${encodeURIComponent(conversationId)}/transcript`,
            { contentType: format.contentType, showSpeakerSeparation: true },
          );
          const text =
            typeof transcript.payload === 'string' ? transcript.payload : transcript.payload.content;
          save(
            new Blob([text], { type: `${format.contentType};charset=utf-8` }),
            `${fileName(name)}.${format.extension}`,
          );
          status.textContent = `Downloaded the ${format.label} transcript.`;
        } catch (error) {
          status.textContent = `The ${format.label} transcript could not be made: ${
            error instanceof PageApiError ? error.message : String(error)
          }`;
        }
      },
    }),
  );
  return h(
    'div',
    { class: 'downloads', role: 'group', 'aria-labelledby': 'downloads-label' },
    h('span', { id: 'downloads-label', class: 'downloads-label' }, 'Download the transcript:'),
    ...buttons,
    status,
  );
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A conversation name as a file name. */
function fileName(name: string): string {
  return (
    name
      .replace(/[^\p{L}\p{N}._ -]+/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'transcript'
  );
}
