#!/usr/bin/env bash
# Side-by-side: `precis prs score` vs `plink2 --score`, both straight from the same bgzipped VCF, one thread each.
# Usage: bench/polygenic-risk/run.sh [WORKDIR]     env: SITES (100000), SAMPLES (100), SHARED (../shared)
# Needs: python3, bgzip, /usr/bin/plink2, /usr/bin/time, a built CLI (the script builds Release if missing).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$REPO/../shared}
D=${1:-/tmp/precis-bench-prs}; mkdir -p "$D"; cd "$D"
SITES=${SITES:-100000}; SAMPLES=${SAMPLES:-100}
VCF=cohort_${SITES}_x${SAMPLES}.vcf.gz
CLI=$REPO/src/Precis.Cli/bin/Release/net10.0/precis.dll
[ -f "$CLI" ] || dotnet build "$REPO/src/Precis.Cli" -c Release -v q > /dev/null
[ -f "$VCF" ] || python3 "$SHARED/tools/make_vcf.py" cohort --sites "$SITES" --samples "$SAMPLES" --gt-only --phased --seed 7 | bgzip -@2 > "$VCF"

# One score over every biallelic, strand-unambiguous SNV (so both tools score the same set), same weights.
python3 - "$VCF" <<'PY'
import gzip, random, sys
r = random.Random(11)
comp = {"A": "T", "T": "A", "C": "G", "G": "C"}
with gzip.open(sys.argv[1], "rt") as f, open("precis.score", "w") as p, open("plink.score", "w") as k:
    p.write("#pgs_id=BENCH\nchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n")
    k.write("ID\teffect_allele\tBENCH\n")
    for line in f:
        if line.startswith("#"): continue
        c = line.split("\t", 5)
        ref, alt = c[3], c[4]
        if len(ref) != 1 or len(alt) != 1 or ref not in comp or alt not in comp or comp[ref] == alt: continue
        ea, oa = (alt, ref) if r.random() < 0.5 else (ref, alt)
        w = "%.6g" % r.gauss(0, 0.01)
        p.write(f"{c[0]}\t{c[1]}\t{ea}\t{oa}\t{w}\n")
        k.write(f"{c[0].removeprefix('chr')}:{c[1]}:{ref}:{alt}\t{ea}\t{w}\n")  # plink2 writes chr1 as 1 in @
PY
echo "variants in the score: $(($(wc -l < plink.score) - 1)); samples: $SAMPLES"

run3() { # label, command...: median of 3 (wall, CPU = user+sys, max RSS)
  local label=$1; shift; local walls=() cpus=() rss=()
  for i in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o time.txt bash -c "$*" > /dev/null 2> err.txt || { echo "FAILED: $label"; cat err.txt; exit 1; }
    read -r w u s m < time.txt; walls+=("$w"); cpus+=("$(echo "$u + $s" | bc)"); rss+=("$m")
  done
  printf "%s\twall %s s\tCPU %s s\tmax RSS %s MB\n" "$label" \
    "$(printf "%s\n" "${walls[@]}" | sort -g | sed -n 2p)" "$(printf "%s\n" "${cpus[@]}" | sort -g | sed -n 2p)" \
    "$(( $(printf "%s\n" "${rss[@]}" | sort -g | sed -n 2p) / 1024 ))"
}
run3 "plink2 2.00a3.5 --vcf ... --score (import + score)" \
  "plink2 --threads 1 --vcf $VCF --set-all-var-ids @:#:\\\$r:\\\$a --new-id-max-allele-len 1000 --score plink.score header-read cols=+scoresums --out plink"
run3 "precis prs score (Release, one pass)" \
  "dotnet $CLI prs score $VCF --score precis.score --threads 1 --quiet -o precis.tsv"

# Same numbers? (plink2 prints 6 significant digits)
python3 - <<'PY'
import csv
pl = {r["#IID"]: float(r["BENCH_SUM"]) for r in csv.DictReader(open("plink.sscore"), delimiter="\t")}
pr = {r["IID"]: float(r["SUM"]) for r in csv.DictReader(open("precis.tsv"), delimiter="\t")}
worst = max(abs(pl[k] - pr[k]) / max(abs(pl[k]), 1e-3) for k in pl)
print(f"samples compared: {len(pl)}; max relative difference of SUM vs plink2's 6-digit output: {worst:.2e}")
PY
