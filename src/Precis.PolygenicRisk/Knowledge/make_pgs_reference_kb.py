#!/usr/bin/env python3
"""Generate src/Precis.Knowledge/Data/precis-pgs-reference.kb.json: reference distributions of polygenic scores in the
1000 Genomes high-coverage samples, for percentiles and Z-scores.

Score: PGS001229 (GBE_INI50, standing height; PGS Catalog harmonised GRCh38, 51,209 variants) RESTRICTED to the
autosomal variants that match the tiny1000G panel (1000 Genomes high coverage, 3,202 samples, 1,004 variants; from
pygscatalog's tests) under pgsc_calc's default rules: same position and alleles, or the complementary strand;
strand-ambiguous A/T and C/G pairs excluded. The restricted score is shipped with its variants so the patient is
scored on exactly the same variant set: the percentile compares like with like. It is NOT the published score's
distribution (1.7 % of its variants), and says nothing about height.

Reference samples: the 2,575 unrelated samples (pgsc_calc's KING cutoff list ref.king.cutoff.id removed), pooled
("ALL") and per 1000 Genomes super-population (ref.psam SuperPop). Dosage = effect-allele count from GT (no calls are
missing in tiny1000G). Each distribution keeps every sorted sum (12 significant digits) so percentiles are exact ranks.

Usage: python3 make_pgs_reference_kb.py [SHARED_DATA_DIR]   (default ../shared/data beside the repository)
Checked by ReferenceKnowledgeTests: our engine's scores of tiny1000G on the shipped variants equal the shipped sums,
and the variant set equals the pgsc_calc-equivalent match in derived/tiny1000G_PGS001229_GRCh38.
"""
import gzip
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
OUT = os.path.join(REPO, "src", "Precis.Knowledge", "Data", "precis-pgs-reference.kb.json")
G = os.path.join(SHARED, "genomics")
SCORE = os.path.join(G, "pygscatalog/pgscatalog.calc/tests/data/structured/PGS001229_hmPOS_GRCh38.txt.gz")
VCF = os.path.join(G, "pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz")
LEGACY = os.path.join(G, "pygscatalog/pgscatalog.calc/tests/legacy/data")
COMP = {"A": "T", "T": "A", "C": "G", "G": "C"}
POP_NAMES = {
    "ALL": "all five 1000 Genomes super-populations pooled (mixed ancestry)",
    "AFR": "1000 Genomes African ancestry super-population",
    "AMR": "1000 Genomes admixed American super-population",
    "EAS": "1000 Genomes East Asian super-population",
    "EUR": "1000 Genomes European super-population",
    "SAS": "1000 Genomes South Asian super-population",
}


def g12(x):
    return float("%.12g" % x)


def main():
    sites = {}
    with gzip.open(VCF, "rt") as f:
        for line in f:
            if line.startswith("##"):
                continue
            c = line.rstrip("\n").split("\t")
            if line.startswith("#"):
                samples = c[9:]
                continue
            if c[0] in ("X", "Y", "chrX", "chrY"):
                continue
            # A position can carry several biallelic records (a split multi-allelic site): keep each.
            sites.setdefault((c[0].removeprefix("chr"), int(c[1])), []).append((c[3], c[4], [g.replace("|", "/").split("/") for g in c[9:]]))

    variants, dosage_plan = [], []
    with gzip.open(SCORE, "rt") as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if header is None:
                header = c
                continue
            r = dict(zip(header, c))
            if not r["chr_position"]:
                continue  # no harmonised position: cannot be matched
            key = (r["chr_name"], int(r["chr_position"]))
            if key not in sites:
                continue
            ea, oa = r["effect_allele"], r["other_allele"]
            found = None
            for ref, alt, gts in sites[key]:
                if {ref, alt} == {ea, oa}:
                    found = (ref, alt, gts, ea)
                elif {ref, alt} == {COMP.get(ea), COMP.get(oa)}:
                    found = found or (ref, alt, gts, COMP[ea])  # matched on the other strand
            if found is None or COMP.get(ea) == oa:
                continue  # unmatched, or strand-ambiguous (excluded, pgsc_calc default)
            ref, alt, gts, target_ea = found
            variants.append({"chr": r["chr_name"], "pos": key[1], "effectAllele": ea, "otherAllele": oa, "weight": r["effect_weight"]})
            idx = "1" if target_ea == alt else "0"
            dosage_plan.append((float(r["effect_weight"]), idx, gts))

    sums = [0.0] * len(samples)
    for w, idx, gts in dosage_plan:
        for i, gt in enumerate(gts):
            sums[i] += w * sum(1 for a in gt if a == idx)

    related = {l.strip() for l in open(os.path.join(LEGACY, "ref.king.cutoff.id")) if l.strip() and not l.startswith("#")}
    pops = {}
    with open(os.path.join(LEGACY, "ref.psam")) as f:
        h = f.readline().lstrip("#").rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(h, line.rstrip("\n").split("\t")))
            pops[row["IID"]] = row["SuperPop"]
    groups = {"ALL": []}
    for s, v in zip(samples, sums):
        if s in related:
            continue
        groups["ALL"].append(v)
        groups.setdefault(pops[s], []).append(v)

    distributions = []
    for name in ["ALL", "AFR", "AMR", "EAS", "EUR", "SAS"]:
        values = sorted(groups[name])
        distributions.append({
            "population": name,
            "description": POP_NAMES[name],
            "n": len(values),
            "mean": g12(statistics.fmean(values)),
            "sd": g12(statistics.pstdev(values)),
            "sortedSums": [g12(v) for v in values],
        })

    restriction = (f"{len(variants)} of the 51,209 variants of PGS001229 (GRCh38 harmonised): the autosomal variants "
                   "present in the tiny1000G panel (1000 Genomes high coverage, 1,004 variants) with matching alleles on "
                   "either strand, strand-ambiguous A/T and C/G excluded. Patients are scored on the same variants, so "
                   "the percentile compares like with like; it is not the published score's distribution.")
    citations = [
        {"id": "pgs-catalog", "title": "The Polygenic Score Catalog as an open database for reproducibility and systematic evaluation (Lambert SA et al., Nat Genet 53:420-425)",
         "publisher": "PGS Catalog (EMBL-EBI)", "year": 2021, "url": "https://www.pgscatalog.org"},
        {"id": "tanigawa-2021-medrxiv", "title": "Significant sparse polygenic risk scores across 813 traits in UK Biobank (Tanigawa Y et al.)",
         "publisher": "medRxiv (PGS Catalog publication PGP000244)", "year": 2021, "url": "https://doi.org/10.1101/2021.09.02.21262942"},
        {"id": "byrska-bishop-2022-cell", "title": "High-coverage whole-genome sequencing of the expanded 1000 Genomes Project cohort including 602 trios (Byrska-Bishop M et al., Cell 185:3426-3440)",
         "publisher": "Cell", "year": 2022, "url": "https://doi.org/10.1016/j.cell.2022.08.004"},
        {"id": "pgsc-calc-2024", "title": "Enhancing the Polygenic Score Catalog with tools for score calculation and ancestry normalization (Lambert SA et al., Nat Genet 56:1989-1994)",
         "publisher": "Nature Genetics", "year": 2024, "url": "https://doi.org/10.1038/s41588-024-01937-x"},
    ]
    entry = {
        "id": "PGS001229.tiny1000G-autosomes",
        "scoreId": "PGS001229",
        "name": "GBE_INI50",
        "traitReported": "Standing height",
        "genomeBuild": "GRCh38",
        "citation": "Tanigawa Y et al. medRxiv (2021). doi:10.1101/2021.09.02.21262942",
        "publicationId": "PGP000244",
        "variantsNumber": 51209,
        "developedIn": "UK Biobank participants of (mostly) white British ancestry",
        "restriction": restriction,
        "referencePanel": "1000 Genomes Project high coverage (NYGC, GRCh38), 2,575 unrelated of 3,202 samples (pgsc_calc's KING cutoff list); super-population labels from the panel",
        "scoring": "SUM of weight x effect-allele dosage from GT, no missing calls, as plink2 --score cols=+scoresums and precis prs score",
        "variants": variants,
        "distributions": distributions,
        "citations": ["pgs-catalog", "tanigawa-2021-medrxiv", "byrska-bishop-2022-cell", "pgsc-calc-2024"],
    }
    kb = {
        "id": "precis-pgs-reference",
        "title": "Reference distributions of polygenic scores in the 1000 Genomes high-coverage panel",
        "version": "2026.11.0",
        "date": "2026-11-22",
        "licence": "LicenseRef-EBI-Terms-of-Use",
        "area": "polygenic-risk",
        "attribution": "Score weights from the PGS Catalog (www.pgscatalog.org, EMBL-EBI) under the EBI Terms of Use; distributions computed by Precis from 1000 Genomes Project genotypes (IGSR, freely available). Cite the PGS Catalog, the score's publication and the 1000 Genomes high-coverage paper.",
        "url": "https://www.pgscatalog.org",
        "citations": citations,
        "entries": {"references": [entry]},
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(kb, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {OUT}: {len(variants)} variants, " + ", ".join(f"{d['population']} n={d['n']} mean={d['mean']:.4f} sd={d['sd']:.4f}" for d in distributions))


if __name__ == "__main__":
    main()
