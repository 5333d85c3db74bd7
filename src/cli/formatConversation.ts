import type { ConversationSnapshot } from '../engine/conversation/ConversationSnapshot.ts';

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function offsetOf(iso: string, origin: number): number {
  return (Date.parse(iso) - origin) / 1000;
}

function entityValue(entity: ConversationSnapshot['entities'][number]): string {
  const { value, start, end } = entity as { value?: unknown; start?: unknown; end?: unknown };
  if (value !== undefined) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (start !== undefined && end !== undefined) return `${String(start)} to ${String(end)}`;
  return entity.text ?? '';
}

/**
 * A conversation as a terminal reader wants it: the transcript with times and speakers, then
 * the insights, each under its own heading, with empty sections left out.
 */
export function formatConversation(snapshot: ConversationSnapshot): string {
  const origin = Date.parse(snapshot.conversation.startTime ?? new Date(0).toISOString());
  const lines: string[] = ['Transcript'];
  for (const m of snapshot.messages) {
    const who = m.from.name ?? m.from.email ?? 'Unknown speaker';
    lines.push(`  [${clock(offsetOf(m.startTime, origin))}] ${who}: ${m.text}`);
  }
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push('', title, ...items.map((i) => `  - ${i}`));
  };
  section(
    'Action items',
    snapshot.actionItems.map((a) => {
      const who = a.assignee.name ? ` (${a.assignee.name}` : '';
      const due = a.dueBy ? `${who ? ', ' : ' ('}due ${a.dueBy.slice(0, 10)}` : '';
      return `${a.text}${who}${due}${who || due ? ')' : ''}`;
    }),
  );
  section(
    'Follow-ups',
    snapshot.followUps.map((f) => f.text),
  );
  section(
    'Questions',
    snapshot.questions.map((q) => q.text),
  );
  section(
    'Topics',
    snapshot.topics.slice(0, 12).map((t) => `${t.text} (${t.score.toFixed(2)})`),
  );
  section(
    'Trackers',
    snapshot.trackers.map((t) => `${t.name}: ${t.matches.map((m) => m.value).join(', ')}`),
  );
  section(
    'Entities',
    snapshot.entities.map((e) => `${e.type}${e.subType ? `/${e.subType}` : ''}: ${entityValue(e)}`),
  );
  section(
    'Summary',
    snapshot.summary.map((s) => s.text),
  );
  section(
    'Speakers',
    snapshot.analytics.members.map(
      (m) =>
        `${m.name}: talked ${clock(m.talkTime.seconds)} (${m.talkTime.percentage.toFixed(0)}%), ${Math.round(m.pace.wpm)} wpm`,
    ),
  );
  return `${lines.join('\n')}\n`;
}
