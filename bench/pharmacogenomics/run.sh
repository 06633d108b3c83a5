#!/usr/bin/env bash
# End-to-end CPU cost of `precis pgx call` (TSV output) on PharmCAT's 100-sample VCF and on synthetic VCFs of the
# 1,202 PharmCAT positions with 1,000 and 10,000 samples (make_pgx_vcf.py). CPU = user + system (the machine is shared).
# Usage: bench/pharmacogenomics/run.sh [sample counts...]   (build first: dotnet build src/Precis.Cli -c Release)
set -euo pipefail
here="${PRECIS_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
dll="$here/src/Precis.Cli/bin/Release/net10.0/precis.dll"
[ -f "$dll" ] || dll="$here/src/Precis.Cli/bin/Debug/net10.0/precis.dll"
run() {
  local vcf="$1" n="$2"
  local t
  t=$( { /usr/bin/time -f "%U %S %e %M" dotnet "$dll" pgx call "$vcf" --lenient --format tsv -o /tmp/precis-pgx-bench.tsv -q; } 2>&1 | tail -1)
  read -r user sys wall rss <<<"$t"
  awk -v n="$n" -v u="$user" -v s="$sys" -v w="$wall" -v r="$rss" -v f="$(basename "$vcf")" \
    'BEGIN { printf "%-22s samples %6d  CPU %7.2f s  per sample %.4f CPU-s  wall %7.2f s  max RSS %d MiB\n", f, n, u+s, (u+s)/n, w, r/1024 }'
}
run "${PGX_100SAMPLES:-/work/shared/data/pgx/pharmcat/tests/100samples.vcf.bgz}" 100
for n in "${@:-1000 10000}"; do
  for m in $n; do
    vcf="/tmp/precis-pgx-synthetic-$m.vcf.gz"
    [ -f "$vcf" ] || python3 "$here/bench/pharmacogenomics/make_pgx_vcf.py" --samples "$m" | bgzip > "$vcf"
    run "$vcf" "$m"
  done
done
