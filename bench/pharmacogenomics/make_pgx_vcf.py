#!/usr/bin/env python3
"""Synthetic multi-sample VCF of the pharmacogene positions, for the pharmacogenomics benchmark.

Reads PharmCAT's positions file (every definition position + the CYP2C9 POI, GRCh38; from ../shared/data, not copied
into the repository) and writes a sorted VCFv4.3 with N samples on stdout (pipe to `bgzip`). Per site an alternate
allele frequency is drawn from a U-shaped spectrum (most sites rare, some common), genotypes follow Hardy-Weinberg,
~0.5% are missing ("./."), chrX genotypes of every second sample are haploid (males). Deterministic for a seed.

  python3 bench/pharmacogenomics/make_pgx_vcf.py --samples 10000 | bgzip -@2 > /tmp/pgx10k.vcf.gz
"""
import argparse
import random
import sys

POSITIONS = "/work/shared/data/pgx/pharmcat/positions_docs/pharmcat_positions.vcf"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--positions", default=POSITIONS)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    header, records = [], []
    with open(a.positions, encoding="utf-8") as f:
        for line in f:
            if line.startswith("##fileformat") or line.startswith("##contig") or line.startswith("##INFO"):
                header.append(line.rstrip("\n"))
            elif not line.startswith("#"):
                c = line.rstrip("\n").split("\t")
                records.append(c[:8])
    out = sys.stdout
    out.write("##fileformat=VCFv4.3\n")
    for h in header:
        if not h.startswith("##fileformat"):
            out.write(h + "\n")
    out.write('##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n')
    out.write("##source=precis bench/pharmacogenomics/make_pgx_vcf.py (synthetic)\n")
    names = [f"S{i + 1:06d}" for i in range(a.samples)]
    out.write("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(names) + "\n")
    for chrom, pos, rid, ref, alt, _q, _f, info in records:
        alts = [x for x in alt.split(",") if x not in (".", "")] or ["N" if ref != "N" else "A"]
        # U-shaped spectrum: 70% of sites rare (<1%), 30% common (5-50%).
        p = rnd.uniform(0.0005, 0.01) if rnd.random() < 0.7 else rnd.uniform(0.05, 0.5)
        k = len(alts)
        cells = []
        haploid_x = chrom in ("chrX", "X")
        for s in range(a.samples):
            if rnd.random() < 0.005:
                cells.append("." if haploid_x and s % 2 == 1 else "./.")
                continue
            def allele():
                return 0 if rnd.random() >= p else 1 + int(rnd.random() * k)
            if haploid_x and s % 2 == 1:
                cells.append(str(allele()))
            else:
                x, y = allele(), allele()
                cells.append(f"{min(x, y)}/{max(x, y)}")
        out.write(f"{chrom}\t{pos}\t{rid}\t{ref}\t{','.join(alts)}\t.\tPASS\t{info}\tGT\t" + "\t".join(cells) + "\n")


if __name__ == "__main__":
    main()
