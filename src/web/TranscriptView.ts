import { h, hiddenText, on, replaceChildren } from './dom.ts';
import { clock, count } from './format.ts';
import type { Timeline } from './Timeline.ts';

/** What the transcript asks of the player, when there is one. */
export interface SeekTarget {
  seek(seconds: number, play?: boolean): void;
}

/**
 * The transcript by speaker with timestamps. Each line's time is a button that plays from it
 * (clicking anywhere on the line does too); the line being played is marked `aria-current`.
 * The search box marks matches and steps through them.
 */
export class TranscriptView {
  readonly element: HTMLElement;
  readonly #timeline: Timeline;
  readonly #items: HTMLLIElement[];
  readonly #texts: HTMLParagraphElement[];
  readonly #status: HTMLElement;
  #matches: number[] = [];
  #matchCursor = -1;
  #current = -1;

  constructor(timeline: Timeline, player: SeekTarget | undefined) {
    this.#timeline = timeline;
    this.#texts = [];
    this.#items = timeline.lines.map((line) => {
      const speaker = timeline.speakers[line.speaker]!;
      const text = h('p', { class: 'line-text' }, line.message.text);
      this.#texts.push(text);
      const stamp = player
        ? on(
            h(
              'button',
              { type: 'button', class: 'stamp' },
              clock(line.start),
              hiddenText(` play from here (${speaker})`),
            ),
            {
              click: (event) => {
                event.stopPropagation();
                player.seek(line.start, true);
              },
            },
          )
        : h('span', { class: 'stamp' }, clock(line.start));
      const item = h(
        'li',
        {
          id: `m-${line.message.id}`,
          class: `line speaker-${line.speaker % 8}`,
          tabindex: -1,
          'data-start': line.start,
        },
        stamp,
        h('span', { class: 'line-speaker' }, speaker),
        text,
      );
      if (player) on(item, { click: () => player.seek(line.start, true) });
      return item;
    });
    const search = h('input', {
      type: 'search',
      id: 'transcript-search',
      class: 'search-input',
      placeholder: 'Search the transcript',
      autocomplete: 'off',
    });
    this.#status = h('p', { class: 'search-status', role: 'status', 'aria-live': 'polite' });
    const previous = on(h('button', { type: 'button', class: 'search-step' }, 'Previous'), {
      click: () => this.#step(-1),
    });
    const next = on(h('button', { type: 'button', class: 'search-step' }, 'Next'), {
      click: () => this.#step(1),
    });
    on(search, {
      input: () => this.search(search.value),
      keydown: (event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          this.#step(event.shiftKey ? -1 : 1);
        }
      },
    });
    this.element = h(
      'section',
      { class: 'panel transcript', 'aria-labelledby': 'transcript-heading' },
      h('h2', { id: 'transcript-heading' }, 'Transcript'),
      h(
        'div',
        { class: 'search', role: 'search' },
        h('label', { for: 'transcript-search', class: 'visually-hidden' }, 'Search the transcript'),
        search,
        previous,
        next,
      ),
      this.#status,
      timeline.lines.length === 0
        ? h('p', { class: 'empty' }, 'Nothing was said yet.')
        : h('ol', { class: 'lines' }, ...this.#items),
    );
  }

  /** Marks every line containing `query` (case-insensitive) and says how many there are. */
  search(query: string): void {
    const needle = query.trim().toLowerCase();
    this.#matches = [];
    this.#matchCursor = -1;
    this.#timeline.lines.forEach((line, index) => {
      const text = line.message.text;
      const paragraph = this.#texts[index]!;
      const at = needle === '' ? -1 : text.toLowerCase().indexOf(needle);
      if (at === -1) {
        replaceChildren(paragraph, text);
        this.#items[index]!.classList.remove('match');
        return;
      }
      this.#matches.push(index);
      this.#items[index]!.classList.add('match');
      replaceChildren(paragraph, ...highlight(text, needle));
    });
    this.#status.textContent =
      needle === ''
        ? ''
        : this.#matches.length === 0
          ? 'No line matches.'
          : `${count(this.#matches.length, 'line')} match.`;
    if (this.#matches.length > 0) this.#step(1);
  }

  /** Moves to a message's line: scrolls to it, marks it, and gives it focus. */
  reveal(messageId: string): void {
    const index = this.#timeline.lines.findIndex((line) => line.message.id === messageId);
    const item = this.#items[index];
    if (item === undefined) return;
    for (const other of this.element.querySelectorAll('.line.target')) other.classList.remove('target');
    item.classList.add('target');
    item.scrollIntoView({ block: 'center' });
    item.focus({ preventScroll: true });
  }

  /** Marks the line playing at `seconds`; follows it when the player is playing. */
  setTime(seconds: number, follow: boolean): void {
    const index = this.#timeline.indexAt(seconds);
    if (index === this.#current) return;
    this.#items[this.#current]?.classList.remove('current');
    this.#items[this.#current]?.removeAttribute('aria-current');
    this.#current = index;
    const item = this.#items[index];
    if (item === undefined) return;
    item.classList.add('current');
    item.setAttribute('aria-current', 'true');
    if (follow) item.scrollIntoView({ block: 'nearest' });
  }

  #step(direction: 1 | -1): void {
    if (this.#matches.length === 0) return;
    this.#matchCursor = (this.#matchCursor + direction + this.#matches.length) % this.#matches.length;
    const item = this.#items[this.#matches[this.#matchCursor]!]!;
    for (const other of this.element.querySelectorAll('.line.match-current'))
      other.classList.remove('match-current');
    item.classList.add('match-current');
    item.scrollIntoView({ block: 'center' });
    this.#status.textContent = `${count(this.#matches.length, 'line')} match; showing ${this.#matchCursor + 1}.`;
  }
}

/** `text` with every occurrence of `needle` (lower case) in a `<mark>`. */
function highlight(text: string, needle: string): Array<string | HTMLElement> {
  const parts: Array<string | HTMLElement> = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(h('mark', {}, text.slice(at, at + needle.length)));
    from = at + needle.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}
