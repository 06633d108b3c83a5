#!/usr/bin/env bash
# Regenerates the PC-projection fixture: plink2 2.00a3.5 PCA (10 PCs, allele weights) of the autosomal variants of
# tiny1000G (1000 Genomes high coverage, 3,202 samples, from pygscatalog's tests), and plink2's projection of a
# 40-sample target made from it with some calls masked missing (the same masking PcProjectionTests applies).
# Usage: tests/Precis.PolygenicRisk.Tests/Data/pca/make_fixture.sh   (needs plink2, python3)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${SHARED:-$HERE/../../../../../shared}
V=$SHARED/data/genomics/pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
plink2 --threads 1 --vcf "$V" --autosome --make-pgen --out "$T/ref" > /dev/null
plink2 --threads 1 --pfile "$T/ref" --freq counts --pca 10 allele-wts --out "$T/ref" > /dev/null
python3 - "$V" "$T/target.vcf" <<'PY'
import gzip, sys
# Keep the first 40 samples; mask call (record k, sample i < 20) when (31*i + 17*k) % 53 == 0.
with gzip.open(sys.argv[1], "rt") as f, open(sys.argv[2], "w") as out:
    k = 0
    for line in f:
        if line.startswith("##"):
            out.write(line); continue
        c = line.rstrip("\n").split("\t")[:9 + 40]
        if not line.startswith("#"):
            for i in range(20):
                if (31 * i + 17 * k) % 53 == 0:
                    c[9 + i] = "./." if "/" in c[9 + i] or "|" in c[9 + i] else "."
            k += 1
        out.write("\t".join(c) + "\n")
PY
plink2 --threads 1 --vcf "$T/target.vcf" --autosome --read-freq "$T/ref.acount" \
  --score "$T/ref.eigenvec.allele" 2 5 header-read no-mean-imputation variance-standardize cols=+scoresums \
  --score-col-nums 6-15 --out "$T/target" > /dev/null
gzip -9nc "$T/ref.eigenvec.allele" > "$HERE/tiny1000G.autosomes.eigenvec.allele.gz"
cp "$T/ref.acount" "$T/ref.eigenval" "$HERE/"
mv "$HERE/ref.acount" "$HERE/tiny1000G.autosomes.acount"; mv "$HERE/ref.eigenval" "$HERE/tiny1000G.autosomes.eigenval"
head -41 "$T/ref.eigenvec" > "$HERE/tiny1000G.autosomes.first40.eigenvec"
cp "$T/target.sscore" "$HERE/target40-masked.plink2.sscore"
