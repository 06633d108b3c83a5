#!/usr/bin/env bash
# Load test of the CDS Hooks order-select service on loopback (issue #10: p99 < 25 ms at 500 requests/s, zero errors).
#
# Builds Release, starts `precis serve` on a free loopback port with a temporary SQLite database and data directory,
# seeds through the REST API what a clinic would have (admin → clinician → patient; the demo patient's FHIR bundle and
# germline VCF uploaded; an analysis job run to a stored plan: CYP2C19 *2/*2, a poor metaboliser), then drives
# POST /cds-services/precis-pgx-order-select with a clopidogrel (+ atorvastatin) order at a fixed rate with wrk
# (order-select.lua paces the requests; see there) and prints p50/p90/p99, the achieved rate, errors, the server's CPU
# seconds and the load average. Each request carries its own signed client JWT (CDS Hooks 2.0 client auth, a new jti
# each: the server refuses replays), pre-signed by make_tokens.py with ALG=ES384 (default) or RS384 — the spec
# recommends both; an ES384 (P-384) verification costs ~1.35 ms of CPU here with OpenSSL 3.0, an RS384 one ~0.05 ms. Afterwards `precis audit verify` checks the
# audit chain holds one entry per hook call. Exit status 1 when any run had an error or p99 >= the limit.
#
# Usage: bash bench/server/run.sh            (RATE=500 RUNS=3 DURATION=30 WARMUP=10 CONNECTIONS=32 P99_LIMIT_MS=25)
#        NO_BUILD=1 bash bench/server/run.sh  (use the existing Release build; KEEP_WORK=1 keeps the server log and data)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
RATE="${RATE:-500}" RUNS="${RUNS:-3}" DURATION="${DURATION:-30}" WARMUP="${WARMUP:-10}" CONNECTIONS="${CONNECTIONS:-32}"
THREADS=1 P99_LIMIT_MS="${P99_LIMIT_MS:-25}" ALG="${ALG:-ES384}"
service=precis-pgx-order-select

command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "run.sh: curl is not installed" >&2; exit 2; }
python3 -c 'import cryptography' 2>/dev/null || { echo "run.sh: python3 with the 'cryptography' package is needed for the client JWTs" >&2; exit 2; }

if [ -z "${NO_BUILD:-}" ]; then
  echo "== building src/Precis.Cli (Release)"
  dotnet build "$here/src/Precis.Cli" -c Release -v q -nologo >/dev/null
fi
dll="$here/src/Precis.Cli/bin/Release/net10.0/precis.dll"
[ -f "$dll" ] || { echo "run.sh: $dll not found (dotnet build src/Precis.Cli -c Release)" >&2; exit 2; }

work="$(mktemp -d /tmp/precis-bench-server-XXXXXX)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "${KEEP_WORK:-}" ]; then echo "   kept $work (server.log, data)"; else rm -rf "$work"; fi
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
issuer="https://ehr.bench.local"
per_run=$(( DURATION * RATE * 11 / 10 + 500 ))
total=$(( per_run * (RUNS + 1) + 1 ))
echo "== signing $total client JWTs ($ALG, one jti per request)"
python3 "$here/bench/server/make_tokens.py" --alg "$ALG" --issuer "$issuer" --audience "$base/cds-services/$service" --count "$total" \
  --jwks "$work/jwks.json" --tokens "$work/tokens.txt" --minutes $(( 30 + (RUNS + 1) * DURATION / 60 ))
tail -n 1 "$work/tokens.txt" > "$work/check-token.txt"
head -n -1 "$work/tokens.txt" | split -l "$per_run" -d -a 2 - "$work/tokens."

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(d$1)"; }
admin_password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
export PRECIS__JWT__SIGNINGKEY="$(python3 -c 'import base64,os; print(base64.b64encode(os.urandom(48)).decode())')"
export PRECIS__ENCRYPTIONKEY="k1:$(python3 -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')"
export PRECIS__ADMINUSER=admin PRECIS__ADMINPASSWORD="$admin_password" PRECIS__PUBLICBASEURL="$base"
export PRECIS__CDSHOOKS__CLIENTS__0__ISSUER="$issuer" PRECIS__CDSHOOKS__CLIENTS__0__JWKS="$(cat "$work/jwks.json")"
export DOTNET_gcServer="${DOTNET_gcServer:-0}"

echo "== precis serve on $base (data in $work/data)"
dotnet "$dll" serve --urls "$base" --data-dir "$work/data" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "run.sh: the server exited" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$base/health/ready" >/dev/null || { cat "$work/server.log" >&2; echo "run.sh: the server did not become ready" >&2; exit 1; }

api() { # method path token [curl args...]
  local m="$1" p="$2" t="$3"; shift 3
  curl -fsS -X "$m" "$base$p" -H "Authorization: Bearer $t" "$@"
}
token_of() {
  curl -fsS -X POST "$base/api/auth/token" -H 'Content-Type: application/json' \
    -d "{\"userName\":\"$1\",\"password\":\"$2\"}" | json "['access_token']"
}
echo "== seeding: clinician, patient bench-cyp2c19-pm, demo uploads, analysis job"
admin_token="$(token_of admin "$admin_password")"
clinician_password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')"
api POST /api/users "$admin_token" -H 'Content-Type: application/json' \
  -d "{\"userName\":\"bench-clinician\",\"password\":\"$clinician_password\",\"role\":\"clinician\"}" >/dev/null
clinician_token="$(token_of bench-clinician "$clinician_password")"
patient="$(api POST /api/patients "$clinician_token" -H 'Content-Type: application/json' \
  -d '{"externalId":"bench-cyp2c19-pm","displayName":"Bench Poor-Metaboliser"}' | json "['id']")"
api POST "/api/patients/$patient/uploads?kind=fhir&name=demo.fhir.json" "$clinician_token" \
  -H 'Content-Type: application/octet-stream' --data-binary "@$here/samples/demo/demo.fhir.json" >/dev/null
api POST "/api/patients/$patient/uploads?kind=vcf&name=demo.germline.vcf" "$clinician_token" \
  -H 'Content-Type: application/octet-stream' --data-binary "@$here/samples/demo/demo.germline.vcf" >/dev/null
job="$(api POST "/api/patients/$patient/jobs" "$clinician_token" | json "['id']")"
status=""
for _ in $(seq 1 600); do
  status="$(api GET "/api/jobs/$job" "$clinician_token" | json "['status']")"
  case "$status" in succeeded|failed|cancelled) break ;; esac
  sleep 1
done
[ "$status" = succeeded ] || { echo "run.sh: the analysis job ended '$status'" >&2; api GET "/api/jobs/$job" "$clinician_token" >&2; exit 1; }

echo "== check: one call gives the CYP2C19 warning card for clopidogrel"
check="$(curl -fsS -X POST "$base/cds-services/$service" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $(cat "$work/check-token.txt")" --data-binary "@$here/bench/server/order-select.json")"
echo "$check" | python3 -c '
import json, sys
cards = json.load(sys.stdin)["cards"]
warn = [c for c in cards if c["indicator"] == "warning" and "clopidogrel" in c["summary"] and "CYP2C19" in c["summary"]]
if not warn or "stored plan" not in warn[0].get("detail", ""):
    sys.exit("run.sh: expected a CYP2C19 warning card for clopidogrel from the stored plan, got: " + json.dumps(cards)[:500])
print("   " + warn[0]["summary"])'

ticks="$(getconf CLK_TCK)"
server_cpu() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$server_pid/stat"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
run_wrk() { # token-chunk seconds
  PRECIS_TOKENS="$1" PRECIS_BODY="$here/bench/server/order-select.json" PRECIS_RATE="$RATE" PRECIS_THREADS="$THREADS" \
    ${WRK_PREFIX:-} wrk -t"$THREADS" -c"$CONNECTIONS" -d"${2}s" --latency -s "$here/bench/server/order-select.lua" "$base/cds-services/$service"
}

echo "== warm-up ${WARMUP} s"
run_wrk "$work/tokens.00" "$WARMUP" > "$work/warmup.txt" 2>&1 || { cat "$work/warmup.txt" >&2; exit 1; }
failed=0
sent=1
echo "== $RUNS runs of ${DURATION} s at $RATE requests/s, $CONNECTIONS connections, wrk -t$THREADS, $ALG client JWTs (commit $(git -C "$here" rev-parse --short HEAD), $(nproc) cores)"
for i in $(seq 1 "$RUNS"); do
  load_before="$(load)"
  cpu_before="$(server_cpu)"
  out="$(run_wrk "$work/tokens.$(printf %02d "$i")" "$DURATION" 2>&1)" || { echo "$out" >&2; exit 1; }
  cpu_after="$(server_cpu)"
  result="$(echo "$out" | grep '^RESULT')"
  [ -n "$result" ] || { echo "$out" >&2; echo "run.sh: no RESULT line from wrk" >&2; exit 1; }
  echo "$out" | grep -E '^HTTP [0-9]+' >&2 || true
  declare -A r=()
  for kv in ${result#RESULT }; do r[${kv%%=*}]="${kv#*=}"; done
  sent=$(( sent + r[requests] ))
  errors=$(( r[non200] + r[socket_errors] + r[no_card] + r[out_of_tokens] ))
  cpu="$(awk -v a="$cpu_before" -v b="$cpu_after" -v n="${r[requests]}" 'BEGIN { printf "%.2f CPU-s (%.3f ms/request)", b - a, (b - a) * 1000 / n }')"
  verdict=ok
  awk -v p="${r[p99_ms]}" -v l="$P99_LIMIT_MS" 'BEGIN { exit !(p < l) }' || verdict="p99 >= ${P99_LIMIT_MS} ms"
  [ "$errors" -eq 0 ] || verdict="$errors errors"
  [ "$verdict" = ok ] || failed=1
  printf 'run %d: %s req/s (%s requests)  p50 %s ms  p90 %s ms  p99 %s ms  p99.9 %s ms  max %s ms  non-2xx %s  socket errors %s  no card %s  server %s  load %s -> %s  [%s]\n' \
    "$i" "${r[rps]}" "${r[requests]}" "${r[p50_ms]}" "${r[p90_ms]}" "${r[p99_ms]}" "${r[p999_ms]}" "${r[max_ms]}" "${r[non200]}" "${r[socket_errors]}" \
    "${r[no_card]}" "$cpu" "$load_before" "$(load)" "$verdict"
  unset r
done
warm="$(grep -c . "$work/tokens.00" || true)"

echo "== stopping the server (SIGTERM) and verifying the audit chain"
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
verify="$(dotnet "$dll" audit verify --db "$work/data/precis.db")" || { echo "$verify" >&2; echo "run.sh: the audit chain does not verify" >&2; exit 1; }
entries="$(echo "$verify" | grep -oE '[0-9]+ entries' | grep -oE '[0-9]+')"
echo "   $verify"
echo "   hook calls in the measured runs + the check: $sent (plus the warm-up's); audit entries: $entries"
[ "$entries" -ge "$sent" ] || { echo "run.sh: fewer audit entries than hook calls" >&2; failed=1; }
: "$warm"
exit "$failed"
