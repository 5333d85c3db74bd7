/** Debian's Chromium: no browser download is possible (or wanted) on the machines that run these tests. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, headless, sandbox-free Chromium that makes no network request of its own
 * (no QUIC probing, no component or sync updates, no first-run pages). Playwright adds
 * `--headless` and a new empty profile directory itself.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
