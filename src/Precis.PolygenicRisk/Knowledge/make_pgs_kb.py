#!/usr/bin/env python3
"""Generate src/Precis.Knowledge/Data/precis-pgs-catalog.kb.json from official PGS Catalog harmonised scoring files.

A PGS Catalog score definition (variants, alleles, weights) is public metadata of a published score; the project
ships it in its own knowledge-base format with the PGS Catalog and publication citations (EBI Terms of Use:
https://www.ebi.ac.uk/about/terms-of-use). The source files are not copied into the repository.

Usage: python3 make_pgs_kb.py [SHARED_DATA_DIR]   (default ../shared/data beside the repository)
The test PgsKnowledgeBaseTests checks the generated file against the official file, row by row.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
OUT = os.path.join(REPO, "src", "Precis.Knowledge", "Data", "precis-pgs-catalog.kb.json")

# (file under SHARED, publication citation entry)
SCORES = [
    ("genomics/pygscatalog/pgscatalog.core/tests/data/PGS000001_hmPOS_GRCh38.txt", {
        "id": "mavaddat-2015-jnci",
        "title": "Prediction of breast cancer risk based on profiling with common genetic variants",
        "publisher": "J Natl Cancer Inst 107(5):djv036 (Mavaddat N et al.)",
        "year": 2015,
        "url": "https://doi.org/10.1093/jnci/djv036",
    }, {
        # What the publication says about the score's use, in our words (for the report's caveats).
        "developedIn": "Women of European ancestry (studies of the Breast Cancer Association Consortium)",
        "performance": "Reported in the publication as an odds ratio per standard deviation of the score in its development population; no reference distribution is shipped with this score",
    }),
]


def read(path):
    meta, rows, header = {}, [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if line.startswith("#"):
                text = line.lstrip("#").rstrip("\t ")
                if "=" in text and not line.startswith("##"):
                    k, v = text.split("=", 1)
                    meta[k.strip()] = v.strip()
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                continue
            rows.append(dict(zip(header, fields)))
    return meta, rows


def main():
    entries = []
    citations = [{
        "id": "pgs-catalog",
        "title": "The Polygenic Score Catalog as an open database for reproducibility and systematic evaluation (Lambert SA et al., Nat Genet 53:420-425)",
        "publisher": "PGS Catalog (EMBL-EBI)",
        "year": 2021,
        "url": "https://www.pgscatalog.org",
    }]
    for rel, publication, notes in SCORES:
        meta, rows = read(os.path.join(SHARED, rel))
        citations.append(publication)
        variants = []
        for r in rows:
            other = r.get("other_allele") or ""
            if not other and "/" not in (r.get("hm_inferOtherAllele") or ""):
                other = r.get("hm_inferOtherAllele") or ""
            variants.append({
                "rsid": r.get("hm_rsID") or r.get("rsID") or None,
                "chr": r["hm_chr"] or None,
                "pos": int(r["hm_pos"]) if r["hm_pos"] else None,
                "effectAllele": r["effect_allele"],
                "otherAllele": other or None,
                "weight": r["effect_weight"],
                "oddsRatio": r.get("OR") or None,
                "locus": r.get("locus_name") or None,
            })
        entries.append({
            "id": meta["pgs_id"],
            "name": meta.get("pgs_name"),
            "traitReported": meta.get("trait_reported"),
            "traitMapped": meta.get("trait_mapped"),
            "traitEfo": meta.get("trait_efo"),
            "weightType": meta.get("weight_type"),
            "authorGenomeBuild": meta.get("genome_build"),
            "genomeBuild": meta.get("HmPOS_build"),
            "harmonisedOn": meta.get("HmPOS_date"),
            "publicationId": meta.get("pgp_id"),
            "citation": meta.get("citation"),
            "variantsNumber": int(meta["variants_number"]),
            # Not PGS Catalog 2.0 header keys; copied only when an annotated file carries them (no default).
            **({"orPerSd": float(meta["or_per_sd"])} if meta.get("or_per_sd") else {}),
            **({"hrPerSd": float(meta["hr_per_sd"])} if meta.get("hr_per_sd") else {}),
            "developedIn": notes["developedIn"],
            "performance": notes["performance"],
            "sourceFile": os.path.basename(rel),
            "variants": variants,
            "citations": ["pgs-catalog", publication["id"]],
        })
    kb = {
        "id": "precis-pgs-catalog",
        "title": "Polygenic score definitions from the PGS Catalog (harmonised, GRCh38)",
        "version": "2026.11.0",
        "date": "2026-11-22",
        "licence": "LicenseRef-EBI-Terms-of-Use",
        "area": "polygenic-risk",
        "attribution": "Score definitions from the PGS Catalog (www.pgscatalog.org, EMBL-EBI), used under the EBI Terms of Use (https://www.ebi.ac.uk/about/terms-of-use). Cite the PGS Catalog and the score's original publication.",
        "url": "https://www.pgscatalog.org",
        "citations": citations,
        "entries": {"scores": entries},
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(kb, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {OUT}: {len(entries)} score(s), {sum(len(e['variants']) for e in entries)} variants")


if __name__ == "__main__":
    main()
