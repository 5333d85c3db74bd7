import type { ConversationList } from '../model/conversation.ts';
import type { PageBoot } from '../model/pages.ts';
import { h, replaceChildren } from './dom.ts';
import { clock, dateTime } from './format.ts';
import type { PageApi } from './PageApi.ts';

/** How many conversations the list shows (newest first). */
const LIST_LIMIT = 200;

/** The app's conversations, newest first, each linking to its page with the same grant. */
export async function showConversationList(root: HTMLElement, api: PageApi, boot: PageBoot): Promise<void> {
  const query = new URLSearchParams({
    limit: String(LIST_LIMIT),
    order: 'desc',
    startTime: '1970-01-01T00:00:00.000Z',
  });
  const { conversations } = await api.get<ConversationList>(`/v1/conversations?${query}`);
  const rows = conversations.map((c) => {
    const seconds = Math.max(0, (Date.parse(c.endTime) - Date.parse(c.startTime)) / 1000);
    const href = `/pages/conversations/${encodeURIComponent(c.id)}?grant=${encodeURIComponent(boot.grant)}`;
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, h('a', { href }, c.name)),
      h('td', {}, dateTime(c.startTime)),
      h('td', {}, clock(seconds)),
      h(
        'td',
        {},
        c.members
          .map((m) => m.name)
          .filter(Boolean)
          .join(', '),
      ),
    );
  });
  replaceChildren(
    root,
    h('header', { class: 'page-header' }, h('h1', {}, 'Conversations')),
    h(
      'main',
      { id: 'main', class: 'list', tabindex: -1 },
      rows.length === 0
        ? h('p', { class: 'empty' }, 'There are no conversations yet.')
        : h(
            'table',
            { class: 'conversation-list' },
            h('caption', { class: 'visually-hidden' }, 'Conversations, newest first'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Name'),
                h('th', { scope: 'col' }, 'Started'),
                h('th', { scope: 'col' }, 'Length'),
                h('th', { scope: 'col' }, 'Speakers'),
              ),
            ),
            h('tbody', {}, ...rows),
          ),
    ),
  );
}
