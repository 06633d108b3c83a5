#!/usr/bin/env bash
# End-to-end CPU cost of `precis pgx call` on PharmCAT's 100-sample VCF (100 samples x 873 PGx sites).
# Usage: bench/pharmacogenomics/run.sh [path/to/100samples.vcf.bgz]   (build first: dotnet build src/Precis.Cli -c Release)
set -euo pipefail
here="${PRECIS_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}"
vcf="${1:-/work/shared/data/pgx/pharmcat/tests/100samples.vcf.bgz}"
dll="$here/src/Precis.Cli/bin/Release/net10.0/precis.dll"
[ -f "$dll" ] || dll="$here/src/Precis.Cli/bin/Debug/net10.0/precis.dll"
/usr/bin/time -f "user %U s, system %S s, wall %e s, max RSS %M KiB" \
  dotnet "$dll" pgx call "$vcf" --lenient --format tsv -o /tmp/precis-pgx-bench.tsv -q
echo "samples: $(( $(wc -l < /tmp/precis-pgx-bench.tsv) - 2 )) gene rows / 20 genes"
