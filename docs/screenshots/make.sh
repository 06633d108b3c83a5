#!/usr/bin/env bash
# Regenerates docs/screenshots/{clinician,patient,pdf}-*.png from the demo patient: runs `precis demo` with a fixed
# report time (SOURCE_DATE_EPOCH), takes headless-Chromium screenshots of the clinician and patient HTML views
# (the page top and, through an iframe scrolled to a section, the schedule/figures and the not-assessed list), and
# renders every page of report.pdf with pdftoppm. Each PNG must stay under 300 KB (they are committed).
# Usage: docs/screenshots/make.sh   (needs chromium and poppler-utils: apt-get install -y chromium poppler-utils)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
chrome="${PRECIS_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$chrome" ] || { echo "make.sh: chromium not found (apt-get install -y chromium)" >&2; exit 1; }
command -v pdftoppm >/dev/null || { echo "make.sh: pdftoppm not found (apt-get install -y poppler-utils)" >&2; exit 1; }

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# 2026-11-22T09:00:00Z: the date the demo record is written for, so the pictures only change when the report does.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1795338000}" dotnet run --project "$repo/src/Precis.Cli" -- demo -o "$out" --format json,html,patient,pdf --quiet >/dev/null

shot() { # shot NAME WIDTH HEIGHT PAGE[#SECTION]
  local page="$4" target="$out/frame-$1.html"
  # An iframe navigates to the section's anchor; a top-level headless screenshot would not scroll.
  printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="%s" style="border:0;width:%spx;height:%spx"></iframe></body></html>' "$page" "$2" "$3" > "$target"
  "$chrome" --headless --no-sandbox --hide-scrollbars --force-device-scale-factor=0.75 --virtual-time-budget=3000 \
    --window-size="$2,$3" --screenshot="$here/$1.png" "file://$target" 2>/dev/null
}

rm -f "$here"/clinician-*.png "$here"/patient-*.png "$here"/pdf-page-*.png
shot clinician-1-conflicts 1280 1700 "report.html"
shot clinician-2-schedule-figures 1280 1700 "report.html#schedule"
shot clinician-3-not-assessed 1280 1700 "report.html#not-assessed"
shot patient-1-discuss 900 1700 "report.patient.html"
shot patient-2-checks-pictures 900 1700 "report.patient.html#checks"
pdftoppm -r 60 -png "$out/report.pdf" "$here/pdf-page"

ls -l "$here"/clinician-*.png "$here"/patient-*.png "$here"/pdf-page-*.png
for f in "$here"/clinician-*.png "$here"/patient-*.png "$here"/pdf-page-*.png; do
  size=$(stat -c %s "$f")
  if [ "$size" -gt 307200 ]; then
    echo "make.sh: $f is $size bytes (> 300 KB)" >&2
    exit 1
  fi
done
