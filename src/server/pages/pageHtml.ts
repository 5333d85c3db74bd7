import type { PageBoot, PageLook } from '../../model/pages.ts';

import type { WebManifest } from './WebAssets.ts';

/** Where the pages' assets are served. */
export const ASSET_PATH = '/pages/assets';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`, no line separators). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The start of every page: doctype, language, viewport, no referrer, title, then `head` lines. */
function documentStart(title: string, head: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    ...head,
    '</head>',
  ].join('\n');
}

/** The page shell: the script reads the boot JSON and builds everything else through the API. */
export function pageHtml(manifest: WebManifest, title: string, boot: PageBoot): string {
  const favicon = boot.look.favicon ?? `${ASSET_PATH}/${manifest['icon.svg']}`;
  return `${documentStart(title, [
    `<link rel="icon" href="${escapeHtml(favicon)}">`,
    `<link rel="stylesheet" href="${ASSET_PATH}/${manifest['app.css']}">`,
    `<script type="application/json" id="parley-boot">${scriptJson(boot)}</script>`,
    `<script type="module" src="${ASSET_PATH}/${manifest['app.js']}"></script>`,
  ])}
<body>
<a class="skip-link" href="#main">Skip to content</a>
<div id="app"><main id="main" tabindex="-1"><p role="status">Loading…</p><noscript>This page needs JavaScript.</noscript></main></div>
</body>
</html>
`;
}

/** A page that says, in plain words, why a link does not work. */
export function messagePageHtml(manifest: WebManifest | undefined, heading: string, text: string): string {
  const css =
    manifest === undefined ? [] : [`<link rel="stylesheet" href="${ASSET_PATH}/${manifest['app.css']}">`];
  return `${documentStart(`${heading} · Parley`, css)}
<body>
<main id="main" class="message-page">
<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(text)}</p>
</main>
</body>
</html>
`;
}

/**
 * The page's Content-Security-Policy: scripts, styles, fonts and the API from this server only;
 * images and media also from the origins the link's branding and recording URLs name.
 */
export function pagePolicy(look: PageLook): string {
  const origin = (url: string | undefined) => {
    if (url === undefined) return [];
    try {
      return [new URL(url).origin];
    } catch {
      return [];
    }
  };
  const images = ["'self'", 'data:', ...origin(look.logo), ...origin(look.favicon)];
  const media = ["'self'", ...origin(look.mediaUrl)];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${[...new Set(images)].join(' ')}`,
    `media-src ${[...new Set(media)].join(' ')}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
