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
run3() {
  local label=$1; shift
  local walls=() cpus=() rss=0
  for i in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o /tmp/_gt.txt bash -c "$*" > /dev/null 2>/tmp/_gerr.txt
    read -r w u s m < /tmp/_gt.txt
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc)"); rss=$m
  done
  local wm cm
  wm=$(printf "%s\n" "${walls[@]}" | sort -g | sed -n 2p)
  cm=$(printf "%s\n" "${cpus[@]}" | sort -g | sed -n 2p)
  echo -e "$label\t$wm\t$cm\t$rss\t${cpus[*]}" | tee -a "$OUT"
}
for f in $FILES; do
  V=$f.vcf.gz
  [ -f "$V.tbi" ] || tabix -p vcf "$V"
  run3 "$f bcftools view -Ou (parse)"                 "bcftools view -Ou -o /dev/null $V"
  run3 "$f bcftools view -Ou (parse), all cores"      "bcftools view --threads $(nproc) -Ou -o /dev/null $V"
  run3 "$f precis vcf stats --lenient, 1 thread"      "$P --threads 1 vcf stats --lenient $V"
  run3 "$f precis vcf stats (strict), 1 thread"       "$P --threads 1 vcf stats $V"
  run3 "$f precis vcf stats (strict), all cores"      "$P vcf stats $V"
  [ "$N" = none ] || run3 "$f precis-native vcf stats (strict), 1 thread" "$N --threads 1 vcf stats $V"
  [ "$N" = none ] || run3 "$f precis-native vcf stats (strict), all cores" "$N vcf stats $V"
  run3 "$f bcftools query [GT] matrix"                   "bcftools query -f '[%GT\t]\n' $V"
  run3 "$f precis vcf query [GT] matrix, 1 thread"       "$P --threads 1 vcf query --lenient -f '[%GT\t]\n' $V"
  run3 "$f precis vcf query [GT] matrix, all cores"      "$P vcf query --lenient -f '[%GT\t]\n' $V"
  [ "$N" = none ] || run3 "$f precis-native vcf query [GT] matrix, 1 thread" "$N --threads 1 vcf query --lenient -f '[%GT\t]\n' $V"
  [ "$N" = none ] || run3 "$f precis-native vcf query [GT] matrix, all cores" "$N vcf query --lenient -f '[%GT\t]\n' $V"
  run3 "$f tabix -R regions1000.bed"                  "tabix -R regions1000.bed $V"
  run3 "$f precis vcf query -R regions1000.bed"       "$P --threads 1 vcf query --lenient -R regions1000.bed -f '%LINE\n' $V"
  [ "$N" = none ] || run3 "$f precis-native vcf query -R regions1000.bed" "$N --threads 1 vcf query --lenient -R regions1000.bed -f '%LINE\n' $V"
  run3 "$f tabix -p vcf (build .tbi)"                 "tabix -f -p vcf $V"
  run3 "$f precis vcf index --tbi"                    "$P --threads 1 vcf index --tbi --lenient -o /tmp/_precis.tbi $V"
  [ "$N" = none ] || run3 "$f precis-native vcf index --tbi" "$N --threads 1 vcf index --tbi --lenient -o /tmp/_precis.tbi $V"
done
