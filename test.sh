#!/usr/bin/env bash
# Passes the tests. Installs the Debian peers the tests compare against (bcftools, tabix, plink2, Chromium)
# when they are missing and this runs as root, then runs every test project of Precis.slnx.
# External-validation tests read ../shared/data (or $PRECIS_SHARED_DATA) and are skipped, with a message,
# when it is absent. Set PRECIS_SKIP_APT=1 to never call apt-get.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# binary:package pairs of the peers tests compare against
peers=(bcftools:bcftools tabix:tabix bgzip:tabix plink2:plink2 chromium:chromium)
missing=()
for pair in "${peers[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
done
if ((${#missing[@]})); then
  if [[ "${PRECIS_SKIP_APT:-0}" != 1 && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
  else
    echo "test.sh: not installed (tests that compare against them will be skipped): ${missing[*]}" >&2
  fi
fi

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK is required (dotnet not on PATH)" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Precis.slnx --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for humans and CI: totals over every test assembly.
grep -E '(Passed|Failed)! +- +Failed: ' "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\1 \2 \3/' \
  | awk '{ f += $1; p += $2; s += $3; n++ }
         END { if (n == 0) print "tests: no test assembly reported results"; else printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }'
exit "$status"
