import type { PageBoot } from '../model/pages.ts';
import { showConversation } from './conversationPage.ts';
import { h, replaceChildren } from './dom.ts';
import { LivePage } from './LivePage.ts';
import { showConversationList } from './listPage.ts';
import { PageApi, PageApiError } from './PageApi.ts';

/**
 * The page script: reads the boot data the server embedded, applies the link's branding, and
 * shows the conversation (live or finished) or the conversation list.
 */
async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const boot = JSON.parse(document.getElementById('parley-boot')!.textContent ?? '{}') as PageBoot;
  applyLook(boot);
  const api = new PageApi(boot.grant);
  try {
    if (boot.view === 'list') {
      await showConversationList(root, api, boot);
    } else if (boot.liveConnectionId !== undefined) {
      const finished = () => {
        showConversation(root, api, { ...boot, liveConnectionId: undefined } as PageBoot).catch(
          (error: unknown) => showError(root, error),
        );
      };
      await new LivePage(api, boot, finished).start(root);
    } else {
      await showConversation(root, api, boot);
    }
  } catch (error) {
    showError(root, error);
  }
}

function applyLook(boot: PageBoot): void {
  const style = document.documentElement.style;
  const { look } = boot;
  if (look.background) style.setProperty('--page-bg', look.background);
  if (look.topicsFilter) style.setProperty('--topics-accent', look.topicsFilter);
  if (look.insightsFilter) style.setProperty('--accent', look.insightsFilter);
  if (look.fontFamily)
    style.setProperty('--font', `"${look.fontFamily.replace(/["\\]/g, '')}", system-ui, sans-serif`);
}

function showError(root: HTMLElement, error: unknown): void {
  const expired = error instanceof PageApiError && error.status === 401;
  replaceChildren(
    root,
    h(
      'main',
      { id: 'main', class: 'message-page', tabindex: -1 },
      h('h1', {}, expired ? 'This link no longer works' : 'The conversation could not be shown'),
      h(
        'p',
        {},
        expired
          ? 'It has expired, or the conversation was deleted. Ask whoever sent it for a new one.'
          : error instanceof Error
            ? error.message
            : String(error),
      ),
    ),
  );
}

void start();
