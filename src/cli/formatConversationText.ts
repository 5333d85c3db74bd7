import type { ConversationSnapshot } from '../engine/conversation/ConversationSnapshot.ts';
import { clock, conversationSections } from './conversationSections.ts';

/** A conversation for a terminal: `[m:ss] Speaker: text` lines, then each insight section. */
export function formatConversationText(snapshot: ConversationSnapshot): string {
  const { transcript, insights } = conversationSections(snapshot);
  const lines = ['Transcript', ...transcript.map((l) => `  [${clock(l.at)}] ${l.speaker}: ${l.text}`)];
  for (const section of insights) lines.push('', section.title, ...section.items.map((i) => `  - ${i}`));
  return `${lines.join('\n')}\n`;
}
