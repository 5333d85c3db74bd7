import type { ConversationEntity } from '../model/entities.ts';
import type { ActionItem, FollowUp, Question } from '../model/insights.ts';
import type { SummaryItem } from '../model/summary.ts';
import type { Topic } from '../model/topics.ts';
import type { DetectedTracker } from '../model/trackersDetected.ts';
import { type Child, h, hiddenText } from './dom.ts';
import { clock, count, dateOnly } from './format.ts';
import type { Timeline } from './Timeline.ts';

/**
 * A link to a message's line in the transcript. The page handles these clicks (scroll, focus,
 * move the player); without the page's script the plain anchor still jumps there.
 */
export function messageLink(timeline: Timeline, messageId: string | undefined, label: Child): Child {
  const line = messageId === undefined ? undefined : timeline.lineOf(messageId);
  if (line === undefined) return label;
  return h(
    'a',
    { href: `#m-${messageId}`, class: 'message-link', 'data-message': messageId, 'data-start': line.start },
    label,
  );
}

/** A list of `items` rendered by `item`, or undefined when there are none (the panel then says so). */
function listOf<T>(
  className: string,
  items: readonly T[],
  item: (value: T) => HTMLLIElement,
): HTMLElement | undefined {
  return items.length === 0 ? undefined : h('ul', { class: className }, ...items.map(item));
}

/** A section with a heading, its content, or a line saying there is nothing. */
export function panel(id: string, title: string, content: Child | undefined, empty: string): HTMLElement {
  return h(
    'section',
    { class: 'panel', id, 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title),
    content ?? h('p', { class: 'empty' }, empty),
  );
}

/** A link to a message labelled with its time ("0:42"), or nothing when the message is unknown. */
function timeLink(timeline: Timeline, messageId: string | undefined): Child {
  const line = messageId === undefined ? undefined : timeline.lineOf(messageId);
  if (line === undefined) return undefined;
  return messageLink(timeline, messageId, [
    clock(line.start),
    hiddenText(' go to this part of the transcript'),
  ]);
}

function when(timeline: Timeline, messageId: string | undefined): Child {
  const line = messageId === undefined ? undefined : timeline.lineOf(messageId);
  return line === undefined ? undefined : h('span', { class: 'at' }, ` at ${clock(line.start)}`);
}

export function summaryPanel(summary: readonly SummaryItem[] | undefined, timeline: Timeline): HTMLElement {
  const content =
    summary === undefined
      ? h('p', { class: 'empty' }, 'The summary is not ready yet.')
      : summary.length === 0
        ? undefined
        : h(
            'div',
            { class: 'summary' },
            ...summary.map((item) => h('p', {}, item.text, ' ', timeLink(timeline, item.messageRefs[0]?.id))),
          );
  return panel('summary', 'Summary', content, 'There is nothing to summarise.');
}

/** Topics as a weighted list: the larger, the more the conversation was about it. */
export function topicsPanel(topics: readonly Topic[], timeline: Timeline): HTMLElement {
  const sorted = [...topics].sort((a, b) => b.score - a.score);
  const content = listOf('topics', sorted, (topic) => {
    const weight = Math.max(1, Math.min(5, Math.ceil(topic.score * 5)));
    return h(
      'li',
      { class: `topic weight-${weight}` },
      messageLink(timeline, topic.messageIds[0], topic.text),
      h('span', { class: 'visually-hidden' }, `, weight ${topic.score.toFixed(2)}`),
    );
  });
  return panel('topics', 'Topics', content, 'No topic stood out.');
}

export function questionsPanel(questions: readonly Question[], timeline: Timeline): HTMLElement {
  const content = listOf('insights', questions, (q) =>
    h(
      'li',
      {},
      messageLink(timeline, q.messageIds[0], q.text),
      h('span', { class: 'who' }, q.from.name ? ` asked by ${q.from.name}` : ''),
      when(timeline, q.messageIds[0]),
    ),
  );
  return panel('questions', 'Questions', content, 'Nobody asked a question.');
}

/** Action items or follow-ups: what, who, by when. */
export function actionsPanel(
  id: string,
  title: string,
  items: ReadonlyArray<ActionItem | FollowUp>,
  timeline: Timeline,
  empty: string,
): HTMLElement {
  const content = listOf('insights actions', items, (item) =>
    h(
      'li',
      {},
      messageLink(timeline, item.messageIds[0], item.text),
      h(
        'span',
        { class: 'meta' },
        item.assignee.name
          ? h('span', { class: 'assignee' }, `Assigned to ${item.assignee.name}`)
          : 'No owner',
        item.dueBy
          ? h('span', { class: 'due' }, `Due ${dateOnly(item.dueBy)}`)
          : h('span', { class: 'due' }, 'No date'),
      ),
    ),
  );
  return panel(id, title, content, empty);
}

export function entitiesPanel(entities: readonly ConversationEntity[], timeline: Timeline): HTMLElement {
  const byType = new Map<string, ConversationEntity[]>();
  for (const entity of entities) {
    const type = entity.customType ?? entity.type;
    byType.set(type, [...(byType.get(type) ?? []), entity]);
  }
  const content =
    entities.length === 0
      ? undefined
      : h(
          'dl',
          { class: 'entities' },
          ...[...byType].flatMap(([type, list]) => [
            h('dt', {}, type),
            h(
              'dd',
              {},
              h(
                'ul',
                {},
                ...list.map((entity) =>
                  h(
                    'li',
                    {},
                    messageLink(timeline, entity.messageRefs[0]?.id, entity.text),
                    entity.messageRefs.length > 1 ? ` (${count(entity.messageRefs.length, 'mention')})` : '',
                  ),
                ),
              ),
            ),
          ]),
        );
  return panel('entities', 'Entities', content, 'No entities were found.');
}

export function trackersPanel(trackers: readonly DetectedTracker[], timeline: Timeline): HTMLElement {
  const content = listOf('trackers', trackers, (tracker) => {
    const refs = tracker.matches.flatMap((m) => m.messageRefs.map((ref) => ({ value: m.value, ref })));
    return h(
      'li',
      {},
      h(
        'h3',
        {},
        `${tracker.name} `,
        h('span', { class: 'count' }, `(${count(refs.length, 'match', 'matches')})`),
      ),
      h(
        'ul',
        { class: 'matches' },
        ...refs.map(({ value, ref }) =>
          h('li', {}, h('q', {}, value), ' in ', messageLink(timeline, ref.id, ref.text)),
        ),
      ),
    );
  });
  return panel('trackers', 'Trackers', content, 'No tracker matched.');
}
