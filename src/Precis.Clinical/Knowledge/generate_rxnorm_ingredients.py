#!/usr/bin/env python3
"""Generates src/Precis.Knowledge/Data/precis-rxnorm-ingredients.kb.json.

Synthea (and most EHR exports) code medications at the clinical-drug level of RxNorm (SCD, SBD, packs,
components), while pharmacogenomic knowledge is keyed by ingredient (IN). This script writes the small
table Precis uses to go from one to the other.

It reads every MedicationRequest/MedicationStatement code in the given FHIR bundles and looks each one up in
SCD_INGREDIENTS below, a hand transcription of the RxNorm "has_ingredient" relation (RxNav getRelatedByType,
tty=IN) for those codes. It fails if a bundle uses a code that is not transcribed, so the table always covers
its inputs. Ingredient RxCUIs that were not transcribed are written as null (name only) rather than guessed.

Usage (from the repository root):
  python3 src/Precis.Clinical/Knowledge/generate_rxnorm_ingredients.py \
      ../shared/data/clinical/fhir-r4/synthea/*.json samples/demo/demo.fhir.json
"""
import json
import sys
from pathlib import Path

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
OUT = Path(__file__).resolve().parents[2] / "Precis.Knowledge" / "Data" / "precis-rxnorm-ingredients.kb.json"

# Ingredient (IN) concepts: name -> RxCUI (None where not transcribed).
INGREDIENTS = {
    "acetaminophen": "161", "albuterol": "435", "alendronate": "46041", "allopurinol": "519", "alteplase": "8410",
    "amlodipine": "17767", "amoxicillin": "723", "atomoxetine": "38400", "atorvastatin": "83367", "captopril": "1998",
    "carbamazepine": "2002", "cefaclor": "2231", "cefuroxime": "2194", "cetirizine": "20610", "chlorpheniramine": "2400",
    "clavulanate": "48203", "clonazepam": "2598", "clopidogrel": "32968", "cyanocobalamin": "11248",
    "dextromethorphan": "3289", "diazepam": "3322", "digoxin": "3407", "docetaxel": "72962", "donepezil": "135447",
    "doxylamine": None, "drospirenone": None, "epinephrine": "3992", "ethinyl estradiol": "4124", "etonogestrel": None,
    "ferrous sulfate": "24947", "fexofenadine": "87636", "fluoxetine": "4493", "fluticasone": "41126", "furosemide": "4603",
    "galantamine": "4637", "heparin": "5224", "hydrochlorothiazide": "5487", "hydrocodone": "5489", "hydrocortisone": "5492",
    "ibuprofen": "5640", "insulin isophane, human": None, "insulin regular, human": None, "isoflurane": "6026",
    "leucovorin": "6313", "leuprolide": "42375", "levonorgestrel": "6373", "loratadine": "28889",
    "medroxyprogesterone": "6691", "memantine": "6719", "meperidine": "6754", "mestranol": "6782", "metformin": "6809",
    "methylphenidate": "6901", "metoprolol": "6918", "midazolam": "6960", "morphine": "7052", "naproxen": "7258",
    "nicotine": "7407", "nitrofurantoin": "7454", "nitroglycerin": "4917", "norethindrone": "7514", "norethynodrel": None,
    "norgestimate": "31994", "ondansetron": "26225", "oxaliplatin": "32592", "oxycodone": "7804", "penicillin V": "7984",
    "phenazopyridine": "8120", "piperacillin": "8339", "propofol": "8782", "remifentanil": "73032", "rocuronium": "68139",
    "salmeterol": "36117", "sertraline": "36437", "simvastatin": "36567", "sodium chloride": "9863", "tazobactam": "37617",
    "verapamil": "11170", "warfarin": "11289",
}

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


def main(paths):
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
    drugs = []
    for code in sorted(SCD_INGREDIENTS, key=int):
        entry = {
            "rxcui": code,
            "display": seen.get(code),
            "ingredients": [{"name": n, "rxcui": INGREDIENTS[n]} for n in SCD_INGREDIENTS[code]],
            "citations": ["rxnorm-2024", "rxnav-related"],
        }
        if code in KNOWN_MISSPELLINGS:
            entry["misspeltDisplay"] = KNOWN_MISSPELLINGS[code]
        drugs.append(entry)
    ingredients = [{"name": n, "rxcui": r, "citations": ["rxnorm-2024"]} for n, r in sorted(INGREDIENTS.items())]
    kb = {
        "id": "precis-rxnorm-ingredients",
        "title": "RxNorm clinical drug to ingredient table for the medications seen in Precis test and demo records",
        "version": "2026.11.0",
        "date": "2026-11-22",
        "licence": "CC0-1.0",
        "area": "clinical",
        "attribution": "RxNorm is produced by the U.S. National Library of Medicine; RxCUIs and the has_ingredient relation transcribed by the Precis contributors. RxNorm content from NLM sources is free of licence restrictions (UMLS category 0). Ingredient RxCUIs given as null were not transcribed; the ingredient name is still given.",
        "url": "https://www.nlm.nih.gov/research/umls/rxnorm/",
        "citations": [
            {"id": "rxnorm-2024", "title": "RxNorm: normalized names for clinical drugs", "publisher": "U.S. National Library of Medicine", "url": "https://www.nlm.nih.gov/research/umls/rxnorm/", "year": 2024},
            {"id": "rxnav-related", "title": "RxNav REST API getRelatedByType (tty=IN): ingredients of a clinical drug", "publisher": "U.S. National Library of Medicine", "url": "https://lhncbc.nlm.nih.gov/RxNav/APIs/api-RxNorm.getRelatedByType.html"},
        ],
        "entries": {"drugs": drugs, "ingredients": ingredients},
    }
    OUT.write_text(json.dumps(kb, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(drugs)} drugs, {len(ingredients)} ingredients; {len(seen)} codes seen in {len(paths)} bundles")


if __name__ == "__main__":
    main(sys.argv[1:])
