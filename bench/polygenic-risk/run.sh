#!/usr/bin/env bash
# Side-by-side: `precis prs score` vs `plink2 --score`, both straight from the same bgzipped VCF, one thread each.
# Usage: bench/polygenic-risk/run.sh [WORKDIR]
#   env: SITES (100000), SAMPLES (100), SCORES (1: score columns, all over the same variants), SHARED (../shared),
#        CLI (a precis.dll; default the Release build), RUNS (3),
#        NATIVE (a precis-native binary, the ahead-of-time compiled build; default: built into $WORKDIR/native if
#        missing; NATIVE=none leaves it out)
# Needs: python3, bgzip, /usr/bin/plink2, /usr/bin/time, a built CLI (the script builds Release if missing).
# Cohorts of more than 1,000 samples are made by widen_gt.py from make_vcf.py's sites (make_vcf.py draws each
# genotype in Python: ~7 CPU-hours for 200k x 10k).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/../.." && pwd)
SHARED=${SHARED:-$REPO/../shared}
D=${1:-/tmp/precis-bench-prs}; mkdir -p "$D"; cd "$D"
SITES=${SITES:-100000}; SAMPLES=${SAMPLES:-100}; SCORES=${SCORES:-1}; RUNS=${RUNS:-3}
VCF=cohort_${SITES}_x${SAMPLES}.vcf.gz
CLI=${CLI:-$REPO/src/Precis.Cli/bin/Release/net10.0/precis.dll}
[ -f "$CLI" ] || dotnet build "$REPO/src/Precis.Cli" -c Release -v q > /dev/null
NATIVE=${NATIVE:-$D/native/precis-native}
if [ "$NATIVE" != none ] && [ ! -x "$NATIVE" ]; then
  dotnet publish "$REPO/src/Precis.Cli.Native" -c Release -o "$D/native" -v q > /dev/null
fi
if [ ! -f "$VCF" ]; then
  if [ "$SAMPLES" -le 1000 ]; then
    python3 "$SHARED/tools/make_vcf.py" cohort --sites "$SITES" --samples "$SAMPLES" --gt-only --phased --seed 7 | bgzip -@2 > "$VCF"
  else
    python3 "$SHARED/tools/make_vcf.py" cohort --sites "$SITES" --samples 1 --gt-only --phased --seed 7 \
      | python3 "$HERE/widen_gt.py" --samples "$SAMPLES" --seed 7 | bgzip -@2 > "$VCF"
  fi
fi

# SCORES scores over every biallelic, strand-unambiguous SNV (so both tools score the same set), same weights:
# plink2 reads one file with SCORES weight columns, precis SCORES PGS Catalog-format files.
cat > make_scores.py <<'PY'
import random, sys
k = int(sys.argv[1])
r = random.Random(11)
comp = {"A": "T", "T": "A", "C": "G", "G": "C"}
ps = [open(f"precis{j + 1}.score", "w") for j in range(k)]
with open("plink.score", "w") as pl:
    for j, p in enumerate(ps):
        p.write(f"#pgs_id=BENCH{j + 1}\nchr_name\tchr_position\teffect_allele\tother_allele\teffect_weight\n")
    pl.write("ID\teffect_allele\t" + "\t".join(f"BENCH{j + 1}" for j in range(k)) + "\n")
    for line in sys.stdin:
        if line.startswith("#"): continue
        c = line.rstrip("\n").split("\t")
        ref, alt = c[3], c[4]
        if len(ref) != 1 or len(alt) != 1 or ref not in comp or alt not in comp or comp[ref] == alt: continue
        ea, oa = (alt, ref) if r.random() < 0.5 else (ref, alt)
        ws = ["%.6g" % r.gauss(0, 0.01) for _ in range(k)]
        for p, w in zip(ps, ws):
            p.write(f"{c[0]}\t{c[1]}\t{ea}\t{oa}\t{w}\n")
        pl.write(f"{c[0].removeprefix('chr')}:{c[1]}:{ref}:{alt}\t{ea}\t" + "\t".join(ws) + "\n")  # plink2 writes chr1 as 1 in @
for p in ps: p.close()
PY
bgzip -dc "$VCF" | cut -f1-5 | python3 make_scores.py "$SCORES"
echo "variants in each score: $(($(wc -l < plink.score) - 1)); scores: $SCORES; samples: $SAMPLES; load: $(cut -d" " -f1-3 /proc/loadavg)"

# Alternate the tools RUNS times; report the median of each (wall, CPU = user + sys, max RSS) and the load average.
COLS=3; [ "$SCORES" -gt 1 ] && COLS=3-$((SCORES + 2))
PSCORES=$(for j in $(seq "$SCORES"); do printf -- "--score precis%d.score " "$j"; done)
LABELS=("plink2 2.00a3.5 --vcf ... --score (import + score), --threads 1" "precis prs score (Release, one pass), --threads 1")
CMDS=("plink2 --threads 1 --vcf $VCF --set-all-var-ids @:#:\\\$r:\\\$a --new-id-max-allele-len 1000 --score plink.score header-read cols=+scoresums --score-col-nums $COLS --out plink"
      "dotnet $CLI prs score $VCF $PSCORES --threads 1 --quiet -o precis.tsv")
if [ "$NATIVE" != none ]; then
  LABELS+=("precis-native prs score (ahead-of-time compiled), --threads 1")
  CMDS+=("$NATIVE prs score $VCF $PSCORES --threads 1 --quiet -o precis-native.tsv")
fi
declare -a W0 C0 M0 W1 C1 M1 W2 C2 M2
for i in $(seq "$RUNS"); do
  for t in $(seq 0 $((${#CMDS[@]} - 1))); do
    /usr/bin/time -f "%e %U %S %M" -o time.txt bash -c "${CMDS[$t]}" > /dev/null 2> err.txt || { echo "FAILED: ${LABELS[$t]}"; cat err.txt; exit 1; }
    read -r w u s m < time.txt; c=$(echo "$u + $s" | bc)
    echo "  run $i ${LABELS[$t]%% *}: wall $w s, CPU $c s, max RSS $((m / 1024)) MB, load $(cut -d" " -f1-3 /proc/loadavg)"
    case $t in
      0) W0+=("$w"); C0+=("$c"); M0+=("$m") ;;
      1) W1+=("$w"); C1+=("$c"); M1+=("$m") ;;
      2) W2+=("$w"); C2+=("$c"); M2+=("$m") ;;
    esac
  done
done
med() { printf "%s\n" "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
printf "%s\twall %s s\tCPU %s s\tmax RSS %s MB\n" "${LABELS[0]}" "$(med "${W0[@]}")" "$(med "${C0[@]}")" "$(( $(med "${M0[@]}") / 1024 ))"
printf "%s\twall %s s\tCPU %s s\tmax RSS %s MB\n" "${LABELS[1]}" "$(med "${W1[@]}")" "$(med "${C1[@]}")" "$(( $(med "${M1[@]}") / 1024 ))"
if [ "$NATIVE" != none ]; then
  printf "%s\twall %s s\tCPU %s s\tmax RSS %s MB\n" "${LABELS[2]}" "$(med "${W2[@]}")" "$(med "${C2[@]}")" "$(( $(med "${M2[@]}") / 1024 ))"
  cmp -s precis.tsv precis-native.tsv && echo "precis and precis-native outputs are identical" || { echo "precis and precis-native outputs DIFFER"; exit 1; }
fi

# Same numbers? (plink2 prints 6 significant digits)
python3 - "$SCORES" <<'PY'
import csv, sys
k = int(sys.argv[1])
pl = {r["#IID"]: r for r in csv.DictReader(open("plink.sscore"), delimiter="\t")}
pr = {(r["IID"], r["PGS"]): float(r["SUM"]) for r in csv.DictReader(open("precis.tsv"), delimiter="\t")}
worst = 0.0
for j in range(1, k + 1):
    col = f"BENCH{j}_SUM"
    for s, r in pl.items():
        a, b = float(r[col]), pr[(s, f"BENCH{j}")]
        worst = max(worst, abs(a - b) / max(abs(a), 1e-3))
print(f"samples compared: {len(pl)} x {k} score(s); max relative difference of SUM vs plink2's 6-digit output: {worst:.2e}")
PY
