import type { ConversationSnapshot } from '../engine/conversation/ConversationSnapshot.ts';

/** One line of the transcript: when (seconds from the start), who, what. */
export interface TranscriptLine {
  at: number;
  speaker: string;
  text: string;
}

/** A titled list of insights (action items, questions, ...). */
export interface InsightSection {
  title: string;
  items: string[];
}

/** What the text and Markdown views show of a conversation, in the order they show it. */
export interface ConversationSections {
  name: string;
  /** When the conversation started, ISO 8601, when known. */
  startTime?: string;
  transcript: TranscriptLine[];
  /** Sections with at least one item. */
  insights: InsightSection[];
}

/** `mm:ss`, or `h:mm:ss` from an hour on: a time in a recording. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function entityValue(entity: ConversationSnapshot['entities'][number]): string {
  const { value, start, end } = entity as { value?: unknown; start?: unknown; end?: unknown };
  if (value !== undefined) return typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (start !== undefined && end !== undefined) return `${String(start)} to ${String(end)}`;
  return entity.text ?? '';
}

function actionItem(a: ConversationSnapshot['actionItems'][number]): string {
  const details = [a.assignee.name, a.dueBy ? `due ${a.dueBy.slice(0, 10)}` : undefined].filter(Boolean);
  return details.length === 0 ? a.text : `${a.text} (${details.join(', ')})`;
}

/**
 * A conversation as a reader wants it: the transcript with times from its start and speakers,
 * then the insights, each under its own title (action items first: they are what people act
 * on), with empty sections left out and at most twelve topics.
 */
export function conversationSections(snapshot: ConversationSnapshot): ConversationSections {
  const origin = Date.parse(snapshot.conversation.startTime ?? new Date(0).toISOString());
  const sections: InsightSection[] = [
    { title: 'Action items', items: snapshot.actionItems.map(actionItem) },
    { title: 'Follow-ups', items: snapshot.followUps.map((f) => f.text) },
    { title: 'Questions', items: snapshot.questions.map((q) => q.text) },
    {
      title: 'Topics',
      items: snapshot.topics.slice(0, 12).map((t) => `${t.text} (${t.score.toFixed(2)})`),
    },
    {
      title: 'Trackers',
      items: snapshot.trackers.map((t) => `${t.name}: ${t.matches.map((m) => m.value).join(', ')}`),
    },
    {
      title: 'Entities',
      items: snapshot.entities.map((e) => `${e.type}${e.subType ? `/${e.subType}` : ''}: ${entityValue(e)}`),
    },
    { title: 'Summary', items: snapshot.summary.map((s) => s.text) },
    {
      title: 'Speakers',
      items: snapshot.analytics.members.map(
        (m) =>
          `${m.name}: talked ${clock(m.talkTime.seconds)} (${m.talkTime.percentage.toFixed(0)}%), ${Math.round(m.pace.wpm)} wpm`,
      ),
    },
  ];
  return {
    name: snapshot.conversation.name ?? snapshot.conversation.id,
    ...(snapshot.conversation.startTime === undefined ? {} : { startTime: snapshot.conversation.startTime }),
    transcript: snapshot.messages.map((m) => ({
      at: (Date.parse(m.startTime) - origin) / 1000,
      speaker: m.from.name ?? m.from.email ?? 'Unknown speaker',
      text: m.text,
    })),
    insights: sections.filter((s) => s.items.length > 0),
  };
}
