#!/usr/bin/env bash
# The test command of the README's Quick start, and what CI runs: set up, then type-check, lint
# and run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc --noEmit
npx tsc --noEmit -p src/web
npx tsc --noEmit -p test/web
npx biome check .
npx vitest run "$@"
