import type { Conversation } from '../model/conversation.ts';
import type { MessagesResponse } from '../model/messages.ts';
import type { PageBoot } from '../model/pages.ts';
import { h, replaceChildren } from './dom.ts';
import type { PageApi } from './PageApi.ts';

/** A caption line: a speaker and what they said. */
interface Caption {
  speaker: string;
  text: string;
}

/** An insight as the live page lists it. */
interface LiveInsight {
  id: string;
  type: string;
  text: string;
  assignee?: string;
  due?: string;
}

/** A frame or part of one, read defensively field by field (the socket's JSON is not validated here). */
// biome-ignore lint/suspicious/noExplicitAny: see above
type WireObject = Record<string, any>;

/** How many times in a row the page reconnects after the socket dropped while still live. */
const MAX_RECONNECTS = 5;

/**
 * The page of a conversation that is still going: it follows the public subscribe socket
 * (`/v1/subscribe/{connectionId}`), shows each speaker's words as they are recognised (a partial
 * line, replaced by the final sentence), and the questions, action items, follow-ups, topics and
 * trackers as they arrive. When the conversation completes (the server closes the socket with
 * 1000, or a reconnect finds it no longer live) `onCompleted` turns it into the conversation page.
 */
export class LivePage {
  readonly #api: PageApi;
  readonly #boot: PageBoot;
  readonly #onCompleted: () => void;
  readonly #finals = h('ol', { class: 'caption-list' });
  readonly #partials = h('div', { class: 'partials', 'aria-hidden': 'true' });
  readonly #status = h('p', { class: 'live-status', role: 'status' }, 'Connecting…');
  readonly #insightList = h('ul', { class: 'insights' }, nothingYet());
  readonly #topicList = h('ul', { class: 'topics' }, nothingYet());
  readonly #trackerList = h('ul', { class: 'trackers' }, nothingYet());
  readonly #seen = new Set<string>();
  readonly #partialBySpeaker = new Map<string, HTMLParagraphElement>();
  readonly #insights = new Map<string, LiveInsight>();
  readonly #topics = new Map<string, { text: string; score: number }>();
  readonly #trackers = new Map<string, Set<string>>();
  #reconnects = 0;
  #done = false;

  constructor(api: PageApi, boot: PageBoot, onCompleted: () => void) {
    this.#api = api;
    this.#boot = boot;
    this.#onCompleted = onCompleted;
  }

  /** Shows the page in `root`, with what was saved so far, and starts following. */
  async start(root: HTMLElement): Promise<void> {
    const base = `/v1/conversations/${encodeURIComponent(this.#boot.conversationId!)}`;
    // Subscribe first, so nothing said while the saved part loads is missed; finals are keyed by id.
    this.#connect();
    const [conversation, saved] = await Promise.all([
      this.#api.get<Conversation>(base),
      this.#api.get<MessagesResponse>(`${base}/messages`),
    ]);
    for (const message of saved.messages) {
      this.#addFinal(message.id, { speaker: message.from.name ?? 'Speaker', text: message.text }, false);
    }
    replaceChildren(
      root,
      h(
        'header',
        { class: 'page-header' },
        this.#boot.look.logo ? h('img', { class: 'logo', src: this.#boot.look.logo, alt: '' }) : undefined,
        h('h1', {}, h('span', { class: 'live-badge' }, 'Live'), ' ', conversation.name),
        this.#status,
      ),
      h(
        'main',
        { id: 'main', class: 'layout live', tabindex: -1 },
        h(
          'section',
          { class: 'panel live-captions', 'aria-labelledby': 'captions-heading' },
          h('h2', { id: 'captions-heading' }, 'Captions'),
          // A log: screen readers read each new final sentence, not the partials that lead to it.
          h(
            'div',
            { class: 'captions', role: 'log', 'aria-labelledby': 'captions-heading', tabindex: 0 },
            this.#finals,
          ),
          this.#partials,
        ),
        h(
          'div',
          { class: 'overview' },
          section('live-insights', 'Questions and actions', this.#insightList),
          section('live-topics', 'Topics', this.#topicList),
          section('live-trackers', 'Trackers', this.#trackerList),
        ),
      ),
    );
    document.title = `Live: ${conversation.name} · Parley`;
  }

  #connect(): void {
    const socket = new WebSocket(this.#api.subscribeUrl(this.#boot.liveConnectionId!));
    socket.addEventListener('open', () => {
      this.#reconnects = 0;
      this.#status.textContent = 'Following the conversation as it happens.';
    });
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      try {
        this.#onFrame(JSON.parse(event.data) as Record<string, unknown>);
      } catch {
        // Not JSON (keep-alive text): nothing to show.
      }
    });
    socket.addEventListener('close', (event) => void this.#onClose(event.code));
  }

  async #onClose(code: number): Promise<void> {
    if (this.#done) return;
    if (code === 1000 || !(await this.#stillLive())) {
      this.#finish();
      return;
    }
    if (++this.#reconnects > MAX_RECONNECTS) {
      this.#status.textContent = 'The live connection was lost. Reload the page to try again.';
      return;
    }
    this.#status.textContent = 'The live connection dropped; reconnecting…';
    setTimeout(() => this.#connect(), 1000 * this.#reconnects);
  }

  async #stillLive(): Promise<boolean> {
    try {
      const status = await this.#api.get<{ status: string }>(
        `/v1/conversations/${encodeURIComponent(this.#boot.conversationId!)}/callscore/status`,
      );
      return status.status === 'in_progress';
    } catch {
      return true;
    }
  }

  #finish(): void {
    this.#done = true;
    this.#status.textContent = 'The conversation has ended. Loading the full page…';
    this.#onCompleted();
  }

  #onFrame(frame: Record<string, unknown>): void {
    switch (frame.type) {
      case 'message':
        this.#onSystemMessage(frame.message as Record<string, unknown> | undefined);
        return;
      case 'message_response':
        for (const message of (frame.messages as WireObject[]) ?? []) {
          const speaker = personName(message.from);
          this.#clearPartial(speaker);
          this.#addFinal(
            String(message.id ?? ''),
            { speaker, text: String(message.payload?.content ?? '') },
            true,
          );
        }
        return;
      case 'insight_response':
        for (const insight of (frame.insights as WireObject[]) ?? []) {
          this.#insights.set(String(insight.id), {
            id: String(insight.id),
            type: String(insight.type),
            text: String(insight.text ?? insight.payload?.content ?? ''),
            ...(insight.assignee?.name ? { assignee: String(insight.assignee.name) } : {}),
            ...(insight.dueBy?.value ? { due: String(insight.dueBy.value) } : {}),
          });
        }
        this.#renderInsights();
        return;
      case 'topic_response':
        for (const topic of (frame.topics as WireObject[]) ?? []) {
          this.#topics.set(String(topic.id), {
            text: String(topic.phrases),
            score: Number(topic.score ?? 0),
          });
        }
        replaceChildren(
          this.#topicList,
          ...[...this.#topics.values()]
            .sort((a, b) => b.score - a.score)
            .map((t) => h('li', { class: 'topic' }, t.text)),
        );
        return;
      case 'tracker_response':
        for (const tracker of (frame.trackers as WireObject[]) ?? []) {
          const values = this.#trackers.get(tracker.name) ?? new Set<string>();
          for (const match of tracker.matches ?? []) values.add(String(match.value));
          this.#trackers.set(String(tracker.name), values);
        }
        replaceChildren(
          this.#trackerList,
          ...[...this.#trackers].map(([name, values]) =>
            h('li', {}, h('strong', {}, name), `: ${[...values].join(', ')}`),
          ),
        );
        return;
      default:
        return;
    }
  }

  #onSystemMessage(message: WireObject | undefined): void {
    if (message?.type !== 'recognition_result') return;
    const speaker = personName(message.user);
    if (message.isFinal === true) {
      this.#clearPartial(speaker);
      return;
    }
    const text = String(
      message.punctuated?.transcript ?? message.payload?.raw?.alternatives?.[0]?.transcript ?? '',
    );
    let line = this.#partialBySpeaker.get(speaker);
    if (line === undefined) {
      line = h('p', { class: 'partial' });
      this.#partialBySpeaker.set(speaker, line);
      this.#partials.append(line);
    }
    replaceChildren(line, h('span', { class: 'line-speaker' }, speaker), text);
  }

  #clearPartial(speaker: string): void {
    this.#partialBySpeaker.get(speaker)?.remove();
    this.#partialBySpeaker.delete(speaker);
  }

  #addFinal(id: string, caption: Caption, follow: boolean): void {
    if (id !== '' && this.#seen.has(id)) return;
    if (id !== '') this.#seen.add(id);
    const item = h(
      'li',
      { class: 'caption' },
      h('span', { class: 'line-speaker' }, caption.speaker),
      h('span', {}, caption.text),
    );
    this.#finals.append(item);
    if (follow) item.scrollIntoView({ block: 'nearest' });
  }

  #renderInsights(): void {
    const label: Record<string, string> = {
      question: 'Question',
      action_item: 'Action item',
      follow_up: 'Follow-up',
    };
    replaceChildren(
      this.#insightList,
      ...[...this.#insights.values()].map((insight) =>
        h(
          'li',
          { class: `live-insight ${insight.type}` },
          h('span', { class: 'insight-kind' }, `${label[insight.type] ?? insight.type}: `),
          insight.text,
          insight.assignee ? h('span', { class: 'meta' }, ` · ${insight.assignee}`) : undefined,
        ),
      ),
    );
  }
}

/** The placeholder of a list nothing has arrived in. */
function nothingYet(): HTMLLIElement {
  return h('li', { class: 'empty' }, 'Nothing yet.');
}

function section(id: string, title: string, list: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': `${id}-heading` },
    h('h2', { id: `${id}-heading` }, title),
    list,
  );
}

function personName(person: WireObject | undefined): string {
  return String(person?.name ?? person?.userId ?? person?.id ?? 'Speaker');
}
