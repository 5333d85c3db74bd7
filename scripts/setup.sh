#!/usr/bin/env bash
# Installs everything Parley needs on Debian/Ubuntu with Node 20: system packages, npm ci, then the
# build (dist/, which bin/parley runs).
# Safe to run again: it installs only what is missing and reuses node_modules when the lockfile
# has not changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(pocketsphinx pocketsphinx-en-us libpocketsphinx3 sphinxtrain sphinxbase-utils ffmpeg flite sox sip-tester tmux chromium postgresql python3 make g++)

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: Parley needs Node.js 20 or newer (found $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# npm ci wipes node_modules; skip it when the installed tree matches the lockfile already.
stamp=node_modules/.parley-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -L node_modules ]; then
  # npm ci would empty the shared tree the link points to (for every checkout using it) and put a
  # private copy here; leave installing to the checkout that owns it.
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] ||
    echo "setup: node_modules is a link to a shared install made from another lockfile; not running npm ci through it" >&2
elif [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# bin/parley runs the compiled CLI: build when the sources (or the build's configuration) changed
# since the last build.
built=dist/.parley-source-hash
sources_hash=$(find src operators sources scripts/build.ts scripts/buildWeb.ts tsconfig.json tsconfig.build.json package-lock.json -type f -print0 |
  sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f "$built" ] || [ "$(cat "$built")" != "$sources_hash" ]; then
  echo "setup: npm run build" >&2
  npm run build --silent
  echo "$sources_hash" > "$built"
fi
