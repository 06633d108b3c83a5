#!/usr/bin/env bash
# Side-by-side CPU/wall/RSS of precis vs bcftools 1.16 / tabix on make_vcf.py inputs. Median of 3 runs.
# Usage: bench/genomics/run.sh [DIR] [FILES...]
#   DIR (default /tmp/bench) holds the inputs, e.g. made with
#     python3 ../shared/tools/make_vcf.py cohort --sites 100000 --samples 100 --seed 1 | bgzip > DIR/cohort_100k_x100.vcf.gz
#     python3 ../shared/tools/make_vcf.py cohort --sites 100000 --samples 100 --gt-only --phased --seed 3 | bgzip > DIR/phased_100k_x100.vcf.gz
#     python3 ../shared/tools/make_vcf.py cohort --sites 1000000 --samples 1 --seed 2 | bgzip > DIR/wgs_1M_x1.vcf.gz
#   and regions1000.bed from ../shared/tools/bench/.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
D=${1:-/tmp/bench}
shift || true
FILES=${*:-cohort_100k_x100}
# Both builds are made from the working tree on every run (a binary left in DIR by an earlier run would measure old
# code); NO_BUILD=1 reuses them, PRECIS=/NATIVE= point at other builds.
P=${PRECIS:-$D/precis-bin/precis}
if [ -z "${PRECIS:-}" ] && { [ -z "${NO_BUILD:-}" ] || [ ! -x "$P" ]; }; then
  dotnet build "$REPO/src/Precis.Cli" -c Release -o "$D/precis-bin" > /dev/null || exit 1
fi
# precis-native: the same vcf commands compiled ahead of time (src/Precis.Cli.Native); NATIVE=none leaves it out.
N=${NATIVE:-$D/native-bin/precis-native}
if [ -z "${NATIVE:-}" ] && { [ -z "${NO_BUILD:-}" ] || [ ! -x "$N" ]; }; then
  dotnet publish "$REPO/src/Precis.Cli.Native" -c Release -o "$D/native-bin" > /dev/null || exit 1
fi
[ -f "$D/regions1000.bed" ] || cp "$REPO/../shared/tools/bench/regions1000.bed" "$D/"
cd "$D" || exit 1
OUT=${OUT:-$D/genomics_bench.tsv}
echo -e "label\twall_med_s\tcpu_med_s\tmaxrss_kb\tcpu_runs" > "$OUT"
# runset LABEL CMD [LABEL CMD ...]: the commands of one task take turns (A B C, A B C, ...) RUNS times, so a slow
# spell of the shared VM hits every tool alike; prints each row with the median wall/CPU and the peak RSS.
RUNS=${RUNS:-3}
runset() {
  local labels=() cmds=() n i k
  while [ $# -gt 0 ]; do labels+=("$1"); cmds+=("$2"); shift 2; done
  n=${#cmds[@]}
  declare -A walls cpus rss
  for i in $(seq "$RUNS"); do
    for k in $(seq 0 $((n - 1))); do
      [ "${cmds[$k]}" = skip ] && continue
      /usr/bin/time -f "%e %U %S %M" -o /tmp/_gt.txt bash -c "${cmds[$k]}" > /dev/null 2>/tmp/_gerr.txt
      read -r w u s m < /tmp/_gt.txt
      walls[$k]="${walls[$k]:-} $w"; cpus[$k]="${cpus[$k]:-} $(echo "$u + $s" | bc)"; rss[$k]=$m
    done
  done
  local mid=$(( (RUNS + 1) / 2 ))
  for k in $(seq 0 $((n - 1))); do
    [ "${cmds[$k]}" = skip ] && continue
    local wm cm
    wm=$(printf "%s\n" ${walls[$k]} | sort -g | sed -n ${mid}p)
    cm=$(printf "%s\n" ${cpus[$k]} | sort -g | sed -n ${mid}p)
    echo -e "${labels[$k]}\t$wm\t$cm\t${rss[$k]}\t${cpus[$k]# }" | tee -a "$OUT"
  done
}
NAT() { if [ "$N" = none ]; then echo skip; else echo "$N $*"; fi; }
for f in $FILES; do
  V=$f.vcf.gz
  [ -f "$V.tbi" ] || tabix -p vcf "$V"
  runset "$f bcftools view -Ou (parse)"                 "bcftools view -Ou -o /dev/null $V" \
         "$f precis-native vcf stats (strict), 1 thread" "$(NAT --threads 1 vcf stats $V)" \
         "$f bcftools view -Ou (parse), all cores"      "bcftools view --threads $(nproc) -Ou -o /dev/null $V" \
         "$f precis-native vcf stats (strict), all cores" "$(NAT vcf stats $V)" \
         "$f precis vcf stats --lenient, 1 thread"      "$P --threads 1 vcf stats --lenient $V" \
         "$f precis vcf stats (strict), 1 thread"       "$P --threads 1 vcf stats $V" \
         "$f precis vcf stats (strict), all cores"      "$P vcf stats $V"
  runset "$f bcftools query [GT] matrix"                "bcftools query -f '[%GT\t]\n' $V" \
         "$f precis-native vcf query [GT] matrix, 1 thread" "$(NAT --threads 1 vcf query --lenient -f "'[%GT\t]\n'" $V)" \
         "$f precis-native vcf query [GT] matrix, all cores" "$(NAT vcf query --lenient -f "'[%GT\t]\n'" $V)" \
         "$f precis vcf query [GT] matrix, 1 thread"    "$P --threads 1 vcf query --lenient -f '[%GT\t]\n' $V" \
         "$f precis vcf query [GT] matrix, all cores"   "$P vcf query --lenient -f '[%GT\t]\n' $V"
  runset "$f tabix -R regions1000.bed"                  "tabix -R regions1000.bed $V" \
         "$f precis-native vcf query -R regions1000.bed" "$(NAT --threads 1 vcf query --lenient -R regions1000.bed -f "'%LINE\n'" $V)" \
         "$f precis vcf query -R regions1000.bed"       "$P --threads 1 vcf query --lenient -R regions1000.bed -f '%LINE\n' $V"
  runset "$f tabix -p vcf (build .tbi)"                 "tabix -f -p vcf $V" \
         "$f precis-native vcf index --tbi"             "$(NAT --threads 1 vcf index --tbi --lenient -o /tmp/_precis.tbi $V)" \
         "$f precis vcf index --tbi"                    "$P --threads 1 vcf index --tbi --lenient -o /tmp/_precis.tbi $V"
done
