#!/usr/bin/env python3
"""Writes src/Precis.Knowledge/Data/precis-pgx-phenoconversion.kb.json (the Precis phenoconversion knowledge).

The table below is our own transcription: which current medications inhibit or induce CYP2D6, CYP2C19 and CYP2C9
and how strongly (FDA "Drug Development and Drug Interactions: Table of Substrates, Inhibitors and Inducers",
clinical inhibitor/inducer tables), and the rules that turn that into a functional phenotype (cited per rule).
RxNorm ingredient codes are given only where a source in ../shared/data (the CPIC database seed) confirms them;
the tests check every code against it. Run from the repository root: python3 <this file>.
"""
import json
import urllib.parse

def search(title):
    return "https://pubmed.ncbi.nlm.nih.gov/?term=" + urllib.parse.quote(title)

CITATIONS = [
    {"id": "fda-ddi-table", "publisher": "U.S. Food and Drug Administration",
     "title": "Drug Development and Drug Interactions: Table of Substrates, Inhibitors and Inducers (clinical inhibitors and inducers of CYP enzymes)",
     "url": "https://www.fda.gov/drugs/drug-interactions-labeling/drug-development-and-drug-interactions-table-substrates-inhibitors-and-inducers",
     "year": 2023},
    {"id": "pmid:34231197", "publisher": "Clinical Pharmacology & Therapeutics",
     "title": "Cicali EJ et al. How to Integrate CYP2D6 Phenoconversion Into Clinical Pharmacogenetics: A Tutorial (strong inhibitor: activity score x 0; moderate inhibitor: x 0.5)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/34231197/", "year": 2021},
    {"id": "pmid:31910286", "publisher": "Clinical Pharmacology & Therapeutics",
     "title": "Cicali EJ, Smith DM et al. A Scoping Review of the Evidence Behind CYP2D6 Inhibitor Classifications",
     "url": "https://pubmed.ncbi.nlm.nih.gov/31910286/", "year": 2020},
    {"id": "pmid:31647186", "publisher": "Clinical and Translational Science",
     "title": "Caudle KE et al. Standardizing CYP2D6 Genotype to Phenotype Translation: Consensus Recommendations from CPIC and DPWG (activity score thresholds: 0 PM, 0.25-1 IM, 1.25-2.25 NM, >2.25 UM)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/31647186/", "year": 2020},
    {"id": "mostafa-2019", "publisher": "Journal of Neural Transmission",
     "title": "Mostafa S, Kirkpatrick CMJ, Byron K, Sheffield L. An analysis of allele, genotype and phenotype frequencies, actionable pharmacogenomic (PGx) variants and phenoconversion in 5408 Australian patients genotyped for CYP2D6, CYP2C19, CYP2C9 and VKORC1 genes",
     "url": search("phenoconversion in 5408 Australian patients genotyped for CYP2D6, CYP2C19, CYP2C9 and VKORC1"), "year": 2019},
    {"id": "klomp-2020", "publisher": "Journal of Clinical Medicine",
     "title": "Klomp SD, Manson ML, Guchelaar HJ, Swen JJ. Phenoconversion of Cytochrome P450 Metabolism: A Systematic Review",
     "url": search("Phenoconversion of Cytochrome P450 Metabolism: A Systematic Review"), "year": 2020},
]

# Conversion rules. method: activity-score-factor (functional AS = genotype AS x factor), set-phenotype,
# shift-class (move `steps` classes towards poor metabolism), none (listed and reported, phenotype unchanged).
RULES = [
    {"id": "CYP2D6-inhibitor-strong", "gene": "CYP2D6", "effect": "inhibitor", "strength": "strong", "method": "activity-score-factor", "factor": 0.0,
     "statement": "a strong CYP2D6 inhibitor sets the CYP2D6 activity score to 0 (activity score x 0), i.e. a functional poor metabolizer",
     "citations": ["pmid:34231197", "pmid:31647186"]},
    {"id": "CYP2D6-inhibitor-moderate", "gene": "CYP2D6", "effect": "inhibitor", "strength": "moderate", "method": "activity-score-factor", "factor": 0.5,
     "statement": "a moderate CYP2D6 inhibitor halves the CYP2D6 activity score (activity score x 0.5); the phenotype follows the CPIC/DPWG activity-score thresholds",
     "citations": ["pmid:34231197", "pmid:31647186"]},
    {"id": "CYP2D6-inhibitor-weak", "gene": "CYP2D6", "effect": "inhibitor", "strength": "weak", "method": "none",
     "statement": "a weak CYP2D6 inhibitor does not change the activity score in the tutorial's method (reported only)",
     "citations": ["pmid:34231197"]},
    {"id": "CYP2C19-inhibitor-strong", "gene": "CYP2C19", "effect": "inhibitor", "strength": "strong", "method": "set-phenotype", "phenotype": "Poor Metabolizer",
     "statement": "a strong CYP2C19 inhibitor converts any CYP2C19 phenotype to a functional poor metabolizer",
     "citations": ["mostafa-2019", "klomp-2020"]},
    {"id": "CYP2C19-inhibitor-moderate", "gene": "CYP2C19", "effect": "inhibitor", "strength": "moderate", "method": "shift-class", "steps": 1,
     "statement": "a moderate CYP2C19 inhibitor shifts the phenotype one class towards poor metabolism (ultrarapid > rapid > normal > intermediate > poor; 'likely' qualifiers kept)",
     "citations": ["mostafa-2019", "klomp-2020"]},
    {"id": "CYP2C19-inducer", "gene": "CYP2C19", "effect": "inducer", "strength": "any", "method": "none",
     "statement": "CYP2C19 inducers lower exposure to CYP2C19 substrates, but no validated rule converts the phenotype; the interaction is reported and the genotype phenotype used",
     "citations": ["fda-ddi-table", "klomp-2020"]},
    {"id": "CYP2C9-any", "gene": "CYP2C9", "effect": "any", "strength": "any", "method": "none",
     "statement": "no validated rule converts the CYP2C9 phenotype for inhibitors or inducers; the interaction is reported and the genotype phenotype used",
     "citations": ["fda-ddi-table", "klomp-2020"]},
]

# (drug, gene, effect, strength, aliases, note). RxNorm codes come from the CPIC seed where the drug is there.
MODULATORS = [
    ("bupropion", "CYP2D6", "inhibitor", "strong", [], None),
    ("fluoxetine", "CYP2D6", "inhibitor", "strong", [], None),
    ("paroxetine", "CYP2D6", "inhibitor", "strong", [], None),
    ("quinidine", "CYP2D6", "inhibitor", "strong", [], None),
    ("terbinafine", "CYP2D6", "inhibitor", "strong", [], None),
    ("abiraterone", "CYP2D6", "inhibitor", "moderate", [], None),
    ("cinacalcet", "CYP2D6", "inhibitor", "moderate", [], None),
    ("duloxetine", "CYP2D6", "inhibitor", "moderate", [], None),
    ("mirabegron", "CYP2D6", "inhibitor", "moderate", [], "moderate at labelled doses in normal metabolizers (Cicali 2020 scoping review)"),
    ("lorcaserin", "CYP2D6", "inhibitor", "moderate", [], "withdrawn from the US market in 2020; kept for older records"),
    ("celecoxib", "CYP2D6", "inhibitor", "weak", [], None),
    ("cimetidine", "CYP2D6", "inhibitor", "weak", [], None),
    ("escitalopram", "CYP2D6", "inhibitor", "weak", [], None),
    ("sertraline", "CYP2D6", "inhibitor", "weak", [], "weak at steady state (Cicali 2020 scoping review)"),
    ("fluconazole", "CYP2C19", "inhibitor", "strong", [], None),
    ("fluoxetine", "CYP2C19", "inhibitor", "strong", [], None),
    ("fluvoxamine", "CYP2C19", "inhibitor", "strong", [], None),
    ("ticlopidine", "CYP2C19", "inhibitor", "strong", [], None),
    ("omeprazole", "CYP2C19", "inhibitor", "moderate", [], "classed moderate (FDA in vivo classification of CYP2C19 inhibitors); its own CYP2C19 metabolism is also genotype-dependent"),
    ("esomeprazole", "CYP2C19", "inhibitor", "moderate", [], "classed moderate (FDA in vivo classification of CYP2C19 inhibitors)"),
    ("voriconazole", "CYP2C19", "inhibitor", "moderate", [], None),
    ("rifampin", "CYP2C19", "inducer", "strong", ["rifampicin"], None),
    ("apalutamide", "CYP2C19", "inducer", "moderate", [], None),
    ("efavirenz", "CYP2C19", "inducer", "moderate", [], None),
    ("enzalutamide", "CYP2C19", "inducer", "moderate", [], None),
    ("phenytoin", "CYP2C19", "inducer", "moderate", [], None),
    ("amiodarone", "CYP2C9", "inhibitor", "moderate", [], None),
    ("felbamate", "CYP2C9", "inhibitor", "moderate", [], None),
    ("fluconazole", "CYP2C9", "inhibitor", "moderate", [], None),
    ("miconazole", "CYP2C9", "inhibitor", "moderate", [], None),
    ("carbamazepine", "CYP2C9", "inducer", "moderate", [], None),
    ("rifampin", "CYP2C9", "inducer", "moderate", ["rifampicin"], None),
]


def cpic_rxnorm(seed_path):
    codes = {}
    with open(seed_path, encoding="utf-8") as f:
        inside = False
        for line in f:
            if line.startswith("COPY drug "):
                inside = True
                continue
            if inside:
                if line.startswith("\\."):
                    break
                cols = line.rstrip("\n").split("\t")
                if len(cols) > 3 and cols[3] not in ("", "\\N"):
                    codes[cols[1]] = cols[3]
    return codes


def main():
    codes = cpic_rxnorm("../shared/data/pgx/cpic/V2__initial_data.sql")
    modulators = []
    for drug, gene, effect, strength, aliases, note in MODULATORS:
        e = {"id": f"{drug}:{gene}", "drug": drug, "rxNorm": codes.get(drug), "aliases": aliases, "gene": gene,
             "effect": effect, "strength": strength}
        if note:
            e["note"] = note
        e["citations"] = ["fda-ddi-table"] + (["pmid:31910286"] if gene == "CYP2D6" else [])
        modulators.append(e)
    kb = {
        "id": "precis-pgx-phenoconversion",
        "title": "Phenoconversion: CYP2D6, CYP2C19 and CYP2C9 inhibitors and inducers among current medications, and the rules that convert the genotype-predicted phenotype",
        "version": "2026.11.0",
        "date": "2026-11-22",
        "licence": "CC0-1.0",
        "area": "pharmacogenomics",
        "attribution": "Transcribed by the Precis contributors from the FDA table of clinical CYP inhibitors and inducers (U.S. Government work) and the cited publications; RxNorm codes from the CPIC database (CC0). Classifications change: review against the current FDA table before clinical use.",
        "url": "https://www.fda.gov/drugs/drug-interactions-labeling/drug-development-and-drug-interactions-table-substrates-inhibitors-and-inducers",
        "citations": CITATIONS,
        "entries": {"rules": RULES, "modulators": modulators},
    }
    with open("src/Precis.Knowledge/Data/precis-pgx-phenoconversion.kb.json", "w", encoding="utf-8") as f:
        json.dump(kb, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
