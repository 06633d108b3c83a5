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

# PostgreSQL 15 on 127.0.0.1 for the storage/server tests (they read PRECIS_TEST_POSTGRES and skip, saying so, without it).
if [[ -z "${PRECIS_TEST_POSTGRES:-}" && $(id -u) == 0 ]]; then
  if ! command -v pg_ctlcluster >/dev/null && [[ "${PRECIS_SKIP_APT:-0}" != 1 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing postgresql-15" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
  fi
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql/15/main ]]; then
    echo "listen_addresses = '127.0.0.1'" > /etc/postgresql/15/main/conf.d/precis-test.conf
    pg_ctlcluster 15 main start 2>/dev/null || true
    if pg_ctlcluster 15 main status >/dev/null 2>&1; then
      su postgres -c "psql -qAt -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'precis_test') THEN CREATE ROLE precis_test LOGIN CREATEDB PASSWORD 'precis_test'; END IF; END \\\$\\\$;\"" >/dev/null
      su postgres -c "psql -qAt -c \"SELECT datname FROM pg_database WHERE datname LIKE 'precis_test_%'\"" | while read -r d; do su postgres -c "dropdb '$d'"; done
      export PRECIS_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=precis_test;Password=precis_test;Database=postgres"
    else
      echo "test.sh: PostgreSQL 15 did not start; PostgreSQL tests will be skipped" >&2
    fi
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
