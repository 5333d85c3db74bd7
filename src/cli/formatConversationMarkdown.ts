import type { ConversationSnapshot } from '../engine/conversation/ConversationSnapshot.ts';
import { clock, conversationSections } from './conversationSections.ts';

/** Characters that would start Markdown or HTML markup inside a line of speech. */
const MARKUP = /[\\`*_[\]<>#|]/g;

function escaped(text: string): string {
  return text.replace(MARKUP, (c) => `\\${c}`);
}

/**
 * A conversation as a Markdown document: its name as the title, then the transcript (one
 * paragraph per message, speaker in bold after the time) and each insight section as a list.
 * Speech is escaped, so words such as `*` or `<b>` show as said.
 */
export function formatConversationMarkdown(snapshot: ConversationSnapshot): string {
  const { name, startTime, transcript, insights } = conversationSections(snapshot);
  const parts = [`# ${escaped(name)}`];
  if (startTime !== undefined)
    parts.push(`Recorded ${startTime.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}`);
  parts.push(
    '## Transcript',
    ...transcript.map((l) => `\`${clock(l.at)}\` **${escaped(l.speaker)}:** ${escaped(l.text)}`),
  );
  for (const section of insights) {
    parts.push(`## ${section.title}`, section.items.map((i) => `- ${escaped(i)}`).join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}
