#!/usr/bin/env bash
# The main job: set up (idempotent), speak the sample meeting with flite, and transcribe it
# offline with `parley transcribe`, printing the transcript and the insights.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
sample=$(npx --no-install tsx scripts/sampleMeeting.ts 2>/dev/null)
exec ./bin/parley transcribe "$sample" --diarize 2 --entities --start-time 2026-03-02T15:00:00Z
