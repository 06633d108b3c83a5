#!/usr/bin/env bash
# Regenerates docs/screenshots/server-*.png: runs the web UI's Playwright tests (Debian's /usr/bin/chromium,
# headless) with PRECIS_UI_SCREENSHOTS pointing here, so every picture is a real page of a real run:
# sign-in, patient list, upload, job, plan, drug check and the patient portal.
# Usage: docs/screenshots/server.sh   (from anywhere; needs `apt-get install -y chromium`)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ ! -x /usr/bin/chromium ]; then
  echo "server.sh: /usr/bin/chromium not found; install it with: apt-get install -y chromium" >&2
  exit 1
fi
PRECIS_UI_SCREENSHOTS="$here" dotnet test "$repo/tests/Precis.Server.UiTests" --logger "console;verbosity=minimal"
ls -l "$here"/server-*.png
# Each picture must stay under 300 KB (they are committed).
for f in "$here"/server-*.png; do
  size=$(stat -c %s "$f")
  if [ "$size" -gt 307200 ]; then
    echo "server.sh: $f is $size bytes (> 300 KB)" >&2
    exit 1
  fi
done
