#!/usr/bin/env bash
# Times `precis onco annotate` on the PCGR T001-COAD VCF (3,317 variants) and the TCGA LAML cohort MAF (193 samples).
# Wall time of the whole process (start-up included), best of 5, Release build. Needs ../shared/data.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${PRECIS_SHARED_DATA:-$root/../shared/data}/oncology"
dotnet build "$root/src/Precis.Cli" -c Release -v q -nologo >/dev/null
precis="$root/src/Precis.Cli/bin/Release/net10.0/precis"
best() {
  local b=999999
  for _ in 1 2 3 4 5; do
    local s e
    s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N)
    local ms=$(( (e - s) / 1000000 )); if (( ms < b )); then b=$ms; fi
  done
  echo "$b"
}
echo "T001-COAD (3,317 variants, COADREAD, json): $(best "$precis" onco annotate "$data/pcgr/T001-COAD.grch37.vcf.gz" --tumour-type COADREAD --format json -q) ms"
echo "T001-BRCA + CNA + fusions (json):           $(best "$precis" onco annotate "$data/pcgr/T001-BRCA.grch37.vcf.gz" --tumour-type BREAST --cna "$data/pcgr/T001-BRCA.grch37.cna.tsv" --fusions "$data/pcgr/T001-BRCA.grch37.fusions.tsv" --format json -q) ms"
echo "TCGA LAML cohort (193 samples, AML, json):  $(best "$precis" onco annotate "$data/maftools/tcga_laml.maf.gz" --tumour-type AML --format json -q) ms"

# Trial matching: the 193 TCGA LAML patients (the MAF as genomic side; a synthetic clinical file, AML, born 1960)
# against the 18 MatchMiner integration trials. CPU time (user+system) and peak RSS of the whole process.
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
{ printf 'SAMPLE_ID\tONCOTREE_PRIMARY_DIAGNOSIS_NAME\tBIRTH_DATE\n'
  zcat "$data/maftools/tcga_laml.maf.gz" | awk -F'\t' 'NR==1{for(i=1;i<=NF;i++) if($i=="Tumor_Sample_Barcode") c=i; next} !seen[$c]++ {print $c"\tAcute Myeloid Leukemia\t1960-01-01"}'
} > "$tmp/clinical.tsv"
for _ in 1 2 3; do
  /usr/bin/time -f '%U %S %M' -o "$tmp/t" "$precis" onco trials --trials "$data/matchengine-v2/integration_trials" \
    --clinical "$tmp/clinical.tsv" --genomic "$data/maftools/tcga_laml.maf.gz" --as-of 2026-11-22 --format json -q >/dev/null
  read -r u s m < "$tmp/t"
  echo "trials: 193 LAML patients x 18 CTML trials: user ${u}s sys ${s}s peak RSS $((m / 1024)) MiB"
done
