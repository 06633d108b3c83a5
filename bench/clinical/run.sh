#!/usr/bin/env bash
# Times `precis record import` (strict FHIR R4 parse + typed model + PatientRecord) on the 30 staged Synthea bundles
# (45 MB in all), `precis monitor` on the demo wearable file and `precis export fhir [--plan]` of the demo report. No peer tool is available on this machine
# (HAPI/Firely validators are not installable here), so figures are absolute, not ratios.
# Reports CPU seconds (user+sys) and peak RSS from /usr/bin/time -v, median of 3 runs, one process per file.
# Usage: bench/clinical/run.sh   (from the repository root; needs ../shared/data)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data="$root/../shared/data/clinical/fhir-r4/synthea"
[ -d "$data" ] || { echo "missing $data" >&2; exit 1; }
out=$(mktemp -d)
dotnet build -c Release "$root/src/Precis.Cli" -o "$out/bin" -v q -nologo >/dev/null
precis="$out/bin/precis"
echo "commit $(git -C "$root" rev-parse --short HEAD), $(date -u +%F), nproc $(nproc), $(free -g | awk '/Mem:/{print $2}') GiB"

measure() { # label, command...
  local label=$1; shift
  local cpu=() rss=()
  for run in 1 2 3; do
    /usr/bin/time -v -o "$out/t" "$@" >/dev/null
    cpu+=("$(awk -F': ' '/User time/{u=$2}/System time/{s=$2}END{printf "%.2f", u+s}' "$out/t")")
    rss+=("$(awk -F': ' '/Maximum resident/{print $2}' "$out/t")")
  done
  local c r
  c=$(printf '%s\n' "${cpu[@]}" | sort -n | sed -n 2p)
  r=$(printf '%s\n' "${rss[@]}" | sort -n | sed -n 2p)
  printf '%-40s cpu %6ss  peak RSS %6s MiB\n' "$label" "$c" "$((r / 1024))"
}

all() { for f in "$data"/*.json; do "$precis" record import -q "$f" >/dev/null; done; }
export -f all; export precis data
measure "record import, 30 Synthea bundles" bash -c all
measure "record import, largest bundle (2.3 MB)" "$precis" record import "$data/synthea-r4-01-m1910-1db9cdb2-8a05-4f9c-b382-cc20b3d3cce3.json"
measure "monitor, demo wearable (2,007 rows)" "$precis" monitor "$root/samples/demo/demo.wearable.csv"
SOURCE_DATE_EPOCH=1795000000 "$precis" demo -q -o "$out/demo" --format json >/dev/null
measure "export fhir, demo report (IG bundle)" "$precis" export fhir "$out/demo/report.json" -o "$out/g.json" -q
measure "export fhir --plan, demo report" "$precis" export fhir "$out/demo/report.json" --plan -o "$out/p.json" -q
rm -rf "$out"
