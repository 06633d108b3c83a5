#!/usr/bin/env python3
"""Widen a one-sample GT-only VCF from ../shared/tools/make_vcf.py to N samples, fast (pure Python, no numpy).

make_vcf.py draws every genotype in a Python loop: about 13 ms of CPU per 1,000 genotypes here, so 200k sites x
10k samples (2e9 genotypes) would take ~7 CPU-hours. This keeps make_vcf.py's sites (CHROM, POS, ID, REF/ALT mix of
SNVs, indels, multi-allelics and symbolic ALTs, QUAL, FILTER) and redraws the genotype columns for N samples with
make_vcf.py's allele-frequency spectrum (draw_af), Hardy-Weinberg phased haplotypes and ~1.2 % missing calls ("./."),
using byte-table lookups on random bytes: each haplotype's allele comes from one random byte against thresholds in
1/256 units, rounded stochastically per site so the expected frequency is the drawn one (a 0.05 % variant is
monomorphic at most sites and carries 1/256 at the others). INFO is replaced by the drawn AF (the per-sample AC/AN
of the input would be wrong). Deterministic for a seed.

Usage: python3 make_vcf.py cohort --sites S --samples 1 --gt-only --phased --seed 7 \\
         | python3 widen_gt.py --samples 10000 --seed 7 | bgzip -@2 > cohort.vcf.gz
"""
import argparse
import random
import sys


def draw_af(rng):  # as make_vcf.py: U-shaped site frequency spectrum
    u = rng.random()
    if u < 0.55:
        return rng.uniform(0.0005, 0.01)
    if u < 0.8:
        return rng.uniform(0.01, 0.1)
    return rng.uniform(0.1, 0.95)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    n = args.samples
    rng = random.Random(args.seed)
    out = sys.stdout.buffer
    miss_table = bytes(46 if b < 3 else 35 for b in range(256))  # 3/256 = 1.2 % missing
    bar, tab = b"|" * n, b"\t" * n
    row = bytearray(5 * n)
    for raw in sys.stdin.buffer:
        if raw.startswith(b"##"):
            out.write(raw)
            continue
        if raw.startswith(b"#CHROM"):
            out.write(b"\t".join(raw.split(b"\t")[:9]) + b"\t")
            out.write(b"\t".join(b"S%06d" % (i + 1) for i in range(n)) + b"\n")
            continue
        c = raw.split(b"\t", 9)
        alts = c[4].split(b",")
        afs = [draw_af(rng) for _ in alts]
        s = sum(afs)
        if s > 0.98:
            afs = [a * 0.98 / s for a in afs]
        # thresholds in 1/256 units, stochastically rounded: byte r < t1 -> ALT 1, t1 <= r < t2 -> ALT 2, ..., else REF
        table = bytearray(b"0" * 256)
        lo, cum = 0, 0.0
        for k, a in enumerate(afs):
            cum += a * 256
            hi = int(cum) + (1 if rng.random() < cum - int(cum) else 0)
            table[lo:hi] = b"%d" % (k + 1) * (hi - lo) if hi > lo else b""
            lo = max(lo, hi)
        table = bytes(table[:256])
        h1 = rng.randbytes(n).translate(table)
        h2 = rng.randbytes(n).translate(table)
        row[0::5] = rng.randbytes(n).translate(miss_table)
        row[1::5] = h1
        row[2::5] = bar
        row[3::5] = h2
        row[4::5] = tab
        g = bytes(row).replace(b"#", b"")
        present = sorted(set(table))
        for x in present:
            for y in present:
                g = g.replace(b".%c|%c" % (x, y), b"./.")
        c[7] = b"AF=" + b",".join(b"%.4g" % a for a in afs)
        c[8] = b"GT"
        out.write(b"\t".join(c[:9]) + b"\t" + g[:-1] + b"\n")


if __name__ == "__main__":
    main()
