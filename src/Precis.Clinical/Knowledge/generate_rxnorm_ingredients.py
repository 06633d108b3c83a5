#!/usr/bin/env python3
"""Generates src/Precis.Knowledge/Data/precis-rxnorm-ingredients.kb.json.

Synthea (and most EHR exports) code medications at the clinical-drug level of RxNorm (SCD, SBD, packs,
components), while pharmacogenomic knowledge is keyed by ingredient (IN). This script writes the small
table Precis uses to go from one to the other.

It reads every MedicationRequest/MedicationStatement code in the given FHIR bundles and looks each one up in
SCD_INGREDIENTS below, a hand transcription of the RxNorm "has_ingredient" relation (RxNav getRelatedByType,
tty=IN) for those codes. It fails if a bundle uses a code that is not transcribed, so the table always covers
its inputs.

Ingredient RxCUIs are not typed by hand: each comes from a source file, named in the entry's "rxcuiSource":
  - the CPIC database's drug table (drug.rxnormid; CC0), matched by drug name, or
  - an ingredient-level RxNorm coding in the bundles themselves (a MedicationRequest coded with the ingredient,
    its display equal to the ingredient name).
An ingredient no source gives is written with "rxcui": null and the reason in "rxcuiNote" rather than guessed.
tests/Precis.Clinical.Tests/CodeSourceTests.cs checks the shipped file against the same sources.

Usage (from the repository root):
  python3 src/Precis.Clinical/Knowledge/generate_rxnorm_ingredients.py --cpic ../shared/data/pgx/cpic/V2__initial_data.sql \
      ../shared/data/clinical/fhir-r4/synthea/*.json samples/demo/demo.fhir.json
"""
import json
import sys
from pathlib import Path

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
OUT = Path(__file__).resolve().parents[2] / "Precis.Knowledge" / "Data" / "precis-rxnorm-ingredients.kb.json"

# Ingredient (IN) concepts the clinical drugs below contain (names as RxNorm writes them, lower case).
INGREDIENTS = [
    "acetaminophen", "albuterol", "alendronate", "allopurinol", "alteplase", "amlodipine", "amoxicillin", "atomoxetine",
    "atorvastatin", "captopril", "carbamazepine", "cefaclor", "cefuroxime", "cetirizine", "chlorpheniramine", "clavulanate",
    "clonazepam", "clopidogrel", "cyanocobalamin", "dextromethorphan", "diazepam", "digoxin", "docetaxel", "donepezil",
    "doxylamine", "drospirenone", "epinephrine", "ethinyl estradiol", "etonogestrel", "ferrous sulfate", "fexofenadine",
    "fluoxetine", "fluticasone", "furosemide", "galantamine", "heparin", "hydrochlorothiazide", "hydrocodone",
    "hydrocortisone", "ibuprofen", "insulin isophane, human", "insulin regular, human", "isoflurane", "leucovorin",
    "leuprolide", "levonorgestrel", "loratadine", "medroxyprogesterone", "memantine", "meperidine", "mestranol",
    "metformin", "methylphenidate", "metoprolol", "midazolam", "morphine", "naproxen", "nicotine", "nitrofurantoin",
    "nitroglycerin", "norethindrone", "norethynodrel", "norgestimate", "ondansetron", "oxaliplatin", "oxycodone",
    "penicillin V", "phenazopyridine", "piperacillin", "propofol", "remifentanil", "rocuronium", "salmeterol",
    "sertraline", "simvastatin", "sodium chloride", "tazobactam", "verapamil", "warfarin",
]

NO_SOURCE = ("no source in ../shared/data gives this ingredient's RxCUI (not a drug of the CPIC database, and no "
             "ingredient-level coding in the bundles); left null rather than typed by hand")


def cpic_drugs(path):
    """name (lower case) -> rxnormid from the CPIC database dump's drug table (COPY drug ... FROM stdin)."""
    out = {}
    in_drug = False
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("COPY drug "):
            in_drug = True
            continue
        if in_drug:
            if line == "\\.":
                break
            f = line.split("\t")
            if len(f) > 3 and f[3] and f[3] != "\\N":
                out[f[1].lower()] = f[3]
    return out


# Clinical-drug RxCUI -> ingredient names (RxNorm has_ingredient; brand packs resolved to their generic ingredients).
SCD_INGREDIENTS = {
    "73032": ["remifentanil"], "106258": ["hydrocortisone"], "106892": ["insulin isophane, human", "insulin regular, human"],
    "197319": ["allopurinol"], "197361": ["amlodipine"], "197604": ["digoxin"], "198014": ["naproxen"], "198031": ["nicotine"],
    "198405": ["ibuprofen"], "235389": ["mestranol", "norethynodrel"], "259255": ["atorvastatin"], "282464": ["acetaminophen"],
    "308182": ["amoxicillin"], "308971": ["carbamazepine"], "309043": ["cefaclor"], "309097": ["cefuroxime"],
    "309362": ["clopidogrel"], "310325": ["ferrous sulfate"], "310436": ["galantamine"], "310965": ["ibuprofen"],
    "311700": ["midazolam"], "311989": ["nitrofurantoin"], "312961": ["simvastatin"], "313002": ["sodium chloride"],
    "313782": ["acetaminophen"], "314659": ["heparin"], "315971": ["furosemide"], "316049": ["hydrochlorothiazide"],
    "316052": ["hydrochlorothiazide"], "316672": ["simvastatin"], "328670": ["sertraline"], "406022": ["fluoxetine"],
    "477045": ["chlorpheniramine"], "542347": ["isoflurane"], "562251": ["amoxicillin", "clavulanate"],
    "563026": ["diazepam"], "608139": ["atomoxetine"], "665078": ["loratadine"], "705129": ["nitroglycerin"],
    "745679": ["albuterol"], "748856": ["drospirenone", "ethinyl estradiol"], "748879": ["levonorgestrel", "ethinyl estradiol"],
    "748962": ["norethindrone"], "749762": ["levonorgestrel", "ethinyl estradiol"], "749882": ["mestranol", "norethindrone"],
    "751905": ["norgestimate", "ethinyl estradiol"], "752899": ["leuprolide"], "807283": ["levonorgestrel"],
    "831533": ["norethindrone"], "833036": ["captopril"], "834061": ["penicillin V"], "834102": ["penicillin V"],
    "849574": ["naproxen"], "855332": ["warfarin"], "856980": ["acetaminophen", "hydrocodone"],
    "857005": ["acetaminophen", "hydrocodone"], "860975": ["metformin"], "861467": ["meperidine"],
    "866414": ["metoprolol"], "895994": ["fluticasone"], "896209": ["fluticasone", "salmeterol"], "897718": ["verapamil"],
    "904419": ["alendronate"], "996740": ["memantine"], "997488": ["fexofenadine"], "1000126": ["medroxyprogesterone"],
    "1014676": ["cetirizine"], "1043400": ["acetaminophen", "dextromethorphan", "doxylamine"],
    "1049221": ["acetaminophen", "oxycodone"], "1091392": ["methylphenidate"], "1094107": ["phenazopyridine"],
    "1153378": ["clonazepam"], "1234995": ["rocuronium"], "1310197": ["acetaminophen", "hydrocodone"],
    "1367439": ["etonogestrel", "ethinyl estradiol"], "1599803": ["donepezil", "memantine"], "1605257": ["levonorgestrel"],
    "1659149": ["piperacillin", "tazobactam"], "1719286": ["furosemide"], "1732136": ["morphine"], "1736776": ["oxaliplatin"],
    "1740467": ["ondansetron"], "1804799": ["alteplase"], "1803932": ["leucovorin"], "1808217": ["propofol"],
    "1860480": ["docetaxel"], "1870230": ["epinephrine"], "2001499": ["cyanocobalamin"],
}

# Displays as Synthea writes them that differ from the RxNorm name by a misspelling (kept so the record can flag them).
KNOWN_MISSPELLINGS = {"316672": "Simvistatin 10 MG"}


def main(args):
    if len(args) < 2 or args[0] != "--cpic":
        sys.exit(__doc__)
    cpic = cpic_drugs(args[1])
    paths = args[2:]
    seen = {}
    for p in paths:
        bundle = json.loads(Path(p).read_text(encoding="utf-8"))
        for entry in bundle.get("entry", []):
            r = entry.get("resource", {})
            if r.get("resourceType") not in ("MedicationRequest", "MedicationStatement"):
                continue
            for c in r.get("medicationCodeableConcept", {}).get("coding", []):
                if c.get("system") == RXNORM:
                    seen.setdefault(c["code"], c.get("display"))
    missing = sorted(set(seen) - set(SCD_INGREDIENTS))
    if missing:
        sys.exit("codes without a transcribed ingredient: " + ", ".join(f"{m} ({seen[m]})" for m in missing))
    for names in SCD_INGREDIENTS.values():
        for n in names:
            if n not in INGREDIENTS:
                sys.exit(f"ingredient {n} has no entry in INGREDIENTS")
    ingredient_codes = {}
    for n in INGREDIENTS:
        if n.lower() in cpic:
            ingredient_codes[n] = (cpic[n.lower()], "cpic-db")
        else:
            own = [c for c, d in seen.items() if d and d.lower() == n.lower()]
            ingredient_codes[n] = (own[0], "record-coding") if own else (None, None)
    drugs = []
    for code in sorted(SCD_INGREDIENTS, key=int):
        entry = {
            "rxcui": code,
            "display": seen.get(code),
            "ingredients": [{"name": n, "rxcui": ingredient_codes[n][0]} for n in SCD_INGREDIENTS[code]],
            "citations": ["rxnorm-2024", "rxnav-related"],
        }
        if code in KNOWN_MISSPELLINGS:
            entry["misspeltDisplay"] = KNOWN_MISSPELLINGS[code]
        drugs.append(entry)
    ingredients = []
    for n in sorted(INGREDIENTS):
        code, source = ingredient_codes[n]
        entry = {"name": n, "rxcui": code}
        if source == "cpic-db":
            entry["rxcuiSource"] = "CPIC database drug table (drug.rxnormid)"
            entry["citations"] = ["rxnorm-2024", "cpic-db"]
        elif source == "record-coding":
            entry["rxcuiSource"] = "ingredient-level RxNorm coding in the Synthea MedicationRequests"
            entry["citations"] = ["rxnorm-2024", "synthea-r4"]
        else:
            entry["rxcuiNote"] = NO_SOURCE
            entry["citations"] = ["rxnorm-2024"]
        ingredients.append(entry)
    kb = {
        "id": "precis-rxnorm-ingredients",
        "title": "RxNorm clinical drug to ingredient table for the medications seen in Precis test and demo records",
        "version": "2026.11.1",
        "date": "2026-11-22",
        "licence": "CC0-1.0",
        "area": "clinical",
        "attribution": "RxNorm is produced by the U.S. National Library of Medicine; the has_ingredient relation transcribed by the Precis contributors; ingredient RxCUIs taken from the CPIC database (CC0) or from ingredient-level codings in the Synthea sample records (Apache-2.0), each entry naming its source. RxNorm content from NLM sources is free of licence restrictions (UMLS category 0). Ingredient RxCUIs given as null have no source at hand (rxcuiNote); the ingredient name is still given.",
        "url": "https://www.nlm.nih.gov/research/umls/rxnorm/",
        "citations": [
            {"id": "rxnorm-2024", "title": "RxNorm: normalized names for clinical drugs", "publisher": "U.S. National Library of Medicine", "url": "https://www.nlm.nih.gov/research/umls/rxnorm/", "year": 2024},
            {"id": "rxnav-related", "title": "RxNav REST API getRelatedByType (tty=IN): ingredients of a clinical drug", "publisher": "U.S. National Library of Medicine", "url": "https://lhncbc.nlm.nih.gov/RxNav/APIs/api-RxNorm.getRelatedByType.html"},
            {"id": "cpic-db", "title": "CPIC database (drug table: RxNorm ids of CPIC drugs), V2 initial data", "publisher": "Clinical Pharmacogenetics Implementation Consortium", "url": "https://github.com/cpicpgx/cpic-data", "year": 2024},
            {"id": "synthea-r4", "title": "Synthea v2.4.0 FHIR R4 sample records (smart-on-fhir/generated-sample-data)", "publisher": "SMART Health IT / MITRE", "url": "https://github.com/smart-on-fhir/generated-sample-data"},
        ],
        "entries": {"drugs": drugs, "ingredients": ingredients},
    }
    OUT.write_text(json.dumps(kb, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(drugs)} drugs, {len(ingredients)} ingredients; {len(seen)} codes seen in {len(paths)} bundles")


if __name__ == "__main__":
    main(sys.argv[1:])
