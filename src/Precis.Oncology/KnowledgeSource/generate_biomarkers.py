#!/usr/bin/env python3
"""Writes src/Precis.Knowledge/Data/precis-oncology-biomarkers.kb.json from the curated table below.

The table is the source of truth: one row per biomarker x disease x regimen, in our own words, each citing the
FDA prescribing information (via DailyMed), a CIViC evidence/assertion id (CC0) or a guideline paper.
Run from the repository root: python3 src/Precis.Oncology/KnowledgeSource/generate_biomarkers.py
"""
import json, os

FDA = "U.S. Food and Drug Administration"
def fda(drug, brand):
    return {"id": f"fda:{drug}", "publisher": FDA, "title": f"FDA prescribing information: {brand} ({drug})",
            "url": f"https://dailymed.nlm.nih.gov/dailymed/search.cfm?labeltype=all&query={drug}"}

CITATIONS = [
    {"id": "amp-asco-cap-2017", "publisher": "AMP/ASCO/CAP", "year": 2017,
     "title": "Standards and guidelines for the interpretation and reporting of sequence variants in cancer (Li et al., J Mol Diagn 2017;19:4-23)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/27993330/"},
    {"id": "escat-2018", "publisher": "ESMO", "year": 2018,
     "title": "A framework to rank genomic alterations as targets for cancer precision medicine: the ESMO Scale for Clinical Actionability of molecular Targets (ESCAT) (Mateo et al., Ann Oncol 2018;29:1895-1902)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/30137196/"},
    {"id": "oncokb-levels-2017", "publisher": "JCO Precision Oncology", "year": 2017,
     "title": "OncoKB: a precision oncology knowledge base (Chakravarty et al., JCO Precis Oncol 2017) - level names only",
     "url": "https://pubmed.ncbi.nlm.nih.gov/28890946/"},
    {"id": "fda-cdx-list", "publisher": FDA, "year": 2025,
     "title": "List of cleared or approved companion diagnostic devices (in vitro and imaging tools)",
     "url": "https://www.fda.gov/medical-devices/in-vitro-diagnostics/list-cleared-or-approved-companion-diagnostic-devices-in-vitro-and-imaging-tools"},
    {"id": "civic:EID3017", "publisher": "CIViC", "year": 2016,
     "title": "CIViC evidence item EID3017: BRAF V600E, NSCLC, dabrafenib + trametinib, predictive level A (Planchard et al., Lancet Oncol 2016; PMID 27283860)",
     "url": "https://civicdb.org/evidence/3017"},
    {"id": "civic:AID7", "publisher": "CIViC", "year": 2018,
     "title": "CIViC assertion AID7: BRAF V600E melanoma, dabrafenib + trametinib, AMP/ASCO/CAP Tier I level A",
     "url": "https://civicdb.org/assertions/7"},
    {"id": "civic:AID40", "publisher": "CIViC", "year": 2019,
     "title": "CIViC assertion AID40: FLT3 tyrosine kinase domain mutation (I836) in AML, gilteritinib, Tier I level A",
     "url": "https://civicdb.org/assertions/40"},
    {"id": "kobayashi-2005", "publisher": "N Engl J Med", "year": 2005,
     "title": "EGFR mutation and resistance of non-small-cell lung cancer to gefitinib (Kobayashi et al., N Engl J Med 2005;352:786-792)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/15728811/"},
    {"id": "eln-2022", "publisher": "European LeukemiaNet", "year": 2022,
     "title": "Diagnosis and management of AML in adults: 2022 recommendations from an international expert panel on behalf of the ELN (Dohner et al., Blood 2022;140:1345-1377)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/35797463/"},
    {"id": "who-cns5-2021", "publisher": "WHO / Neuro-Oncology", "year": 2021,
     "title": "The 2021 WHO Classification of Tumors of the Central Nervous System: a summary (Louis et al., Neuro Oncol 2021;23:1231-1251)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/34185076/"},
    {"id": "chalmers-2017", "publisher": "Genome Medicine", "year": 2017,
     "title": "Analysis of 100,000 human cancer genomes reveals the landscape of tumor mutational burden (Chalmers et al., Genome Med 2017;9:34)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/28420421/"},
    {"id": "marabelle-2020", "publisher": "Lancet Oncology", "year": 2020,
     "title": "Association of tumour mutational burden with outcomes in patients with advanced solid tumours treated with pembrolizumab: KEYNOTE-158 (Marabelle et al., Lancet Oncol 2020;21:1353-1365)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/32919526/"},
    {"id": "frampton-2015", "publisher": "Cancer Discovery", "year": 2015,
     "title": "Activation of MET via diverse exon 14 splicing alterations occurs in multiple tumor types and confers clinical sensitivity to MET inhibitors (Frampton et al., Cancer Discov 2015;5:850-859)",
     "url": "https://pubmed.ncbi.nlm.nih.gov/25971938/"},
    {"id": "ensembl-canonical", "publisher": "Ensembl / MANE", "year": 2024,
     "title": "Ensembl canonical (MANE Select) transcripts: exon boundaries in codons of the canonical protein",
     "url": "https://www.ensembl.org/"},
    {"id": "cgi-2018", "publisher": "Cancer Genome Interpreter", "year": 2018,
     "title": "Cancer Genome Interpreter annotates the biological and clinical relevance of tumor alterations (Tamborero et al., Genome Med 2018;10:25) - protein-range grammar",
     "url": "https://pubmed.ncbi.nlm.nih.gov/29592813/"},
]
DRUGS = {
    "dabrafenib": "Tafinlar", "trametinib": "Mekinist", "vemurafenib": "Zelboraf", "cobimetinib": "Cotellic",
    "encorafenib": "Braftovi", "binimetinib": "Mektovi", "cetuximab": "Erbitux", "panitumumab": "Vectibix",
    "osimertinib": "Tagrisso", "erlotinib": "Tarceva", "gefitinib": "Iressa", "afatinib": "Gilotrif",
    "amivantamab": "Rybrevant", "crizotinib": "Xalkori", "alectinib": "Alecensa", "lorlatinib": "Lorbrena",
    "brigatinib": "Alunbrig", "entrectinib": "Rozlytrek", "repotrectinib": "Augtyro", "larotrectinib": "Vitrakvi",
    "selpercatinib": "Retevmo", "pralsetinib": "Gavreto", "capmatinib": "Tabrecta", "tepotinib": "Tepmetko",
    "sotorasib": "Lumakras", "adagrasib": "Krazati", "trastuzumab": "Herceptin", "pertuzumab": "Perjeta",
    "ado-trastuzumab emtansine": "Kadcyla", "fam-trastuzumab deruxtecan": "Enhertu", "alpelisib": "Piqray",
    "inavolisib": "Itovebi", "capivasertib": "Truqap", "fulvestrant": "Faslodex", "olaparib": "Lynparza",
    "rucaparib": "Rubraca", "niraparib": "Zejula", "talazoparib": "Talzenna", "ivosidenib": "Tibsovo",
    "enasidenib": "Idhifa", "vorasidenib": "Voranigo", "midostaurin": "Rydapt", "gilteritinib": "Xospata",
    "quizartinib": "Vanflyta", "imatinib": "Gleevec", "dasatinib": "Sprycel", "nilotinib": "Tasigna",
    "bosutinib": "Bosulif", "ponatinib": "Iclusig", "asciminib": "Scemblix", "avapritinib": "Ayvakit",
    "pembrolizumab": "Keytruda", "dostarlimab": "Jemperli", "nivolumab": "Opdivo", "ipilimumab": "Yervoy",
    "pemigatinib": "Pemazyre", "futibatinib": "Lytgobi", "erdafitinib": "Balversa", "elacestrant": "Orserdu",
    "tazemetostat": "Tazverik", "tovorafenib": "Ojemda",
}
for d, b in DRUGS.items():
    CITATIONS.append(fda(d, b))

# Diseases: (name, oncotree, doid)
MEL = ("Melanoma", "MEL", "1909"); NSCLC = ("Non-small cell lung cancer", "NSCLC", "3908")
CRC = ("Colorectal cancer", "COADREAD", "9256"); BREAST = ("Breast cancer", "BREAST", "1612")
OV = ("Ovarian cancer", "OVARY", "2394"); PROSTATE = ("Prostate cancer", "PROSTATE", "10283")
PAAD = ("Pancreatic adenocarcinoma", "PAAD", "1793"); AML = ("Acute myeloid leukemia", "AML", "9119")
CML = ("Chronic myeloid leukemia", "CML", "8552"); BALL = ("B-cell acute lymphoblastic leukemia", "BALL", None)
GIST = ("Gastrointestinal stromal tumour", "GIST", "9253"); SM = ("Systemic mastocytosis", "SM", None)
CHOL = ("Cholangiocarcinoma", "CHOL", "4947"); BLCA = ("Urothelial carcinoma", "BLADDER", None)
ATC = ("Anaplastic thyroid cancer", "THAP", None); SOLID = ("Solid tumours (tissue-agnostic)", "_SOLID_", None)
SOLID_NOT_CRC = ("Solid tumours (tissue-agnostic) except colorectal cancer", "_SOLID_", None, ["COADREAD"])
EGC = ("Gastric or gastro-oesophageal junction adenocarcinoma", "EGC", None); GLIOMA = ("Diffuse glioma", "DIFG", None)
FL = ("Follicular lymphoma", "FL", None); LGG = ("Paediatric low-grade glioma", "ENCG", None)
ECD = ("Erdheim-Chester disease", "ECD", None); MDS = ("Myelodysplastic syndromes", "MDS", None)

GENOMIC = {
    "BRAF:V600E": (["GRCh37:7:140453136:A:T", "GRCh38:7:140753336:A:T"], ["NM_004333.4:c.1799T>A", "ENST00000288602:c.1799T>A"]),
    "PIK3CA:H1047R": (["GRCh37:3:178952085:A:G", "GRCh38:3:179234297:A:G"], ["NM_006218.4:c.3140A>G", "ENST00000263967:c.3140A>G"]),
    "KRAS:G12C": (["GRCh37:12:25398285:C:A", "GRCh38:12:25245351:C:A"], ["NM_004985.5:c.34G>T", "ENST00000256078:c.34G>T"]),
    "EGFR:L858R": (["GRCh37:7:55259515:T:G", "GRCh38:7:55191822:T:G"], ["NM_005228.5:c.2573T>G", "ENST00000275493:c.2573T>G"]),
    "EGFR:T790M": (["GRCh37:7:55249071:C:T", "GRCh38:7:55181378:C:T"], ["NM_005228.5:c.2369C>T", "ENST00000275493:c.2369C>T"]),
}

EX19 = "EGFR::consequence::inframe_deletion:729-761"
EX20 = "EGFR::consequence::inframe_insertion:762-823"
METEX14 = "MET::consequence::splice_site_variant:963-1010,::inframe_deletion:963-1010,::exon_skipping:963-1010"
PIK3CA_HOT = "PIK3CA:C420R,E542K,E545A,E545D,E545G,E545K,Q546E,Q546R,H1047L,H1047R,H1047Y"
KRAS_CRC = "KRAS:G12.,G13.,A59.,Q61.,K117.,A146."
NRAS_CRC = "NRAS:G12.,G13.,A59.,Q61.,K117.,A146."

S, R = "sensitivity", "resistance"
ROWS = [
    # biomarker, disease, significance, therapies, level, fda, year/summary, extra citations
    ("BRAF:V600E", MEL, S, ["dabrafenib", "trametinib"], "A", True, "FDA-approved (2014 combination) for unresectable or metastatic melanoma with BRAF V600E/K.", ["civic:AID7"]),
    ("BRAF:V600K", MEL, S, ["dabrafenib", "trametinib"], "A", True, "FDA-approved for melanoma with BRAF V600E or V600K.", []),
    ("BRAF:V600E", MEL, S, ["vemurafenib", "cobimetinib"], "A", True, "FDA-approved (2015) for melanoma with BRAF V600E or V600K.", []),
    ("BRAF:V600K", MEL, S, ["vemurafenib", "cobimetinib"], "A", True, "FDA-approved (2015) for melanoma with BRAF V600E or V600K.", []),
    ("BRAF:V600E", MEL, S, ["encorafenib", "binimetinib"], "A", True, "FDA-approved (2018) for melanoma with BRAF V600E or V600K.", []),
    ("BRAF:V600E", NSCLC, S, ["dabrafenib", "trametinib"], "A", True, "FDA-approved (2017) for metastatic NSCLC with BRAF V600E.", ["civic:EID3017"]),
    ("BRAF:V600E", NSCLC, S, ["encorafenib", "binimetinib"], "A", True, "FDA-approved (2023) for metastatic NSCLC with BRAF V600E.", []),
    ("BRAF:V600E", CRC, S, ["encorafenib", "cetuximab"], "A", True, "FDA-approved (2020) for previously treated metastatic colorectal cancer with BRAF V600E.", []),
    ("BRAF:V600E", ATC, S, ["dabrafenib", "trametinib"], "A", True, "FDA-approved (2018) for anaplastic thyroid cancer with BRAF V600E.", []),
    ("BRAF:V600E", SOLID_NOT_CRC, S, ["dabrafenib", "trametinib"], "A", True, "FDA-approved (2022, tissue-agnostic) for unresectable or metastatic solid tumours with BRAF V600E after prior treatment (not colorectal).", []),
    ("BRAF:V600E", LGG, S, ["dabrafenib", "trametinib"], "A", True, "FDA-approved (2023) for paediatric low-grade glioma with BRAF V600E.", []),
    ("BRAF:V600E", ECD, S, ["vemurafenib"], "A", True, "FDA-approved (2017) for Erdheim-Chester disease with BRAF V600.", []),
    (EX19, NSCLC, S, ["osimertinib"], "A", True, "FDA-approved first line (2018) for metastatic NSCLC with EGFR exon 19 deletions or L858R.", []),
    ("EGFR:L858R", NSCLC, S, ["osimertinib"], "A", True, "FDA-approved first line (2018) for metastatic NSCLC with EGFR exon 19 deletions or L858R.", []),
    (EX19, NSCLC, S, ["erlotinib"], "A", True, "FDA-approved (2013) for metastatic NSCLC with EGFR exon 19 deletions or L858R.", []),
    ("EGFR:L858R", NSCLC, S, ["erlotinib"], "A", True, "FDA-approved (2013) for metastatic NSCLC with EGFR exon 19 deletions or L858R.", []),
    (EX19, NSCLC, S, ["gefitinib"], "A", True, "FDA-approved (2015) for metastatic NSCLC with EGFR exon 19 deletions or L858R.", []),
    ("EGFR:L858R", NSCLC, S, ["gefitinib"], "A", True, "FDA-approved (2015) for metastatic NSCLC with EGFR exon 19 deletions or L858R.", []),
    (EX19, NSCLC, S, ["afatinib"], "A", True, "FDA-approved (2013) for metastatic NSCLC with EGFR exon 19 deletions or L858R.", []),
    ("EGFR:G719.,S768I,L861Q", NSCLC, S, ["afatinib"], "A", True, "FDA label extended (2018) to NSCLC with non-resistant EGFR mutations G719X, S768I, L861Q.", []),
    ("EGFR:T790M", NSCLC, S, ["osimertinib"], "A", True, "FDA-approved (2015) for metastatic NSCLC with EGFR T790M after EGFR TKI therapy.", []),
    ("EGFR:T790M", NSCLC, R, ["gefitinib"], "B", False, "T790M is the main acquired resistance mutation to first-generation EGFR inhibitors.", ["kobayashi-2005"]),
    ("EGFR:T790M", NSCLC, R, ["erlotinib"], "B", False, "T790M is the main acquired resistance mutation to first-generation EGFR inhibitors.", ["kobayashi-2005"]),
    (EX20, NSCLC, S, ["amivantamab"], "A", True, "FDA-approved (2021) for NSCLC with EGFR exon 20 insertion mutations.", []),
    ("ALK__.", NSCLC, S, ["alectinib"], "A", True, "FDA-approved (2015/2017) for ALK-positive metastatic NSCLC.", []),
    ("ALK__.", NSCLC, S, ["lorlatinib"], "A", True, "FDA-approved (2018/2021) for ALK-positive metastatic NSCLC.", []),
    ("ALK__.", NSCLC, S, ["crizotinib"], "A", True, "FDA-approved (2011) for ALK-positive metastatic NSCLC.", []),
    ("ALK__.", NSCLC, S, ["brigatinib"], "A", True, "FDA-approved (2017) for ALK-positive metastatic NSCLC.", []),
    ("ROS1__.", NSCLC, S, ["crizotinib"], "A", True, "FDA-approved (2016) for ROS1-positive metastatic NSCLC.", []),
    ("ROS1__.", NSCLC, S, ["entrectinib"], "A", True, "FDA-approved (2019) for ROS1-positive metastatic NSCLC.", []),
    ("ROS1__.", NSCLC, S, ["repotrectinib"], "A", True, "FDA-approved (2023) for ROS1-positive metastatic NSCLC.", []),
    ("RET__.", NSCLC, S, ["selpercatinib"], "A", True, "FDA-approved (2020) for RET fusion-positive metastatic NSCLC.", []),
    ("RET__.", NSCLC, S, ["pralsetinib"], "A", True, "FDA-approved (2020) for RET fusion-positive metastatic NSCLC.", []),
    ("RET__.", SOLID, S, ["selpercatinib"], "A", True, "FDA-approved (2022, tissue-agnostic) for solid tumours with a RET gene fusion.", []),
    ("NTRK1__.", SOLID, S, ["larotrectinib"], "A", True, "FDA-approved (2018, tissue-agnostic) for solid tumours with an NTRK gene fusion.", []),
    ("NTRK2__.", SOLID, S, ["larotrectinib"], "A", True, "FDA-approved (2018, tissue-agnostic) for solid tumours with an NTRK gene fusion.", []),
    ("NTRK3__.", SOLID, S, ["larotrectinib"], "A", True, "FDA-approved (2018, tissue-agnostic) for solid tumours with an NTRK gene fusion.", []),
    ("NTRK1__.", SOLID, S, ["entrectinib"], "A", True, "FDA-approved (2019, tissue-agnostic) for solid tumours with an NTRK gene fusion.", []),
    ("NTRK2__.", SOLID, S, ["entrectinib"], "A", True, "FDA-approved (2019, tissue-agnostic) for solid tumours with an NTRK gene fusion.", []),
    ("NTRK3__.", SOLID, S, ["entrectinib"], "A", True, "FDA-approved (2019, tissue-agnostic) for solid tumours with an NTRK gene fusion.", []),
    (METEX14, NSCLC, S, ["capmatinib"], "A", True, "FDA-approved (2020) for metastatic NSCLC with MET exon 14 skipping.", ["frampton-2015"]),
    (METEX14, NSCLC, S, ["tepotinib"], "A", True, "FDA-approved (2021) for metastatic NSCLC with MET exon 14 skipping.", ["frampton-2015"]),
    ("KRAS:G12C", NSCLC, S, ["sotorasib"], "A", True, "FDA-approved (2021) for previously treated KRAS G12C-mutated NSCLC.", []),
    ("KRAS:G12C", NSCLC, S, ["adagrasib"], "A", True, "FDA-approved (2022) for previously treated KRAS G12C-mutated NSCLC.", []),
    ("KRAS:G12C", CRC, S, ["adagrasib", "cetuximab"], "A", True, "FDA-approved (2024) for previously treated KRAS G12C-mutated colorectal cancer.", []),
    (KRAS_CRC, CRC, R, ["cetuximab"], "A", True, "The label limits cetuximab to RAS wild-type colorectal cancer: RAS-mutant (codons 12, 13, 59, 61, 117, 146) tumours do not benefit.", []),
    (KRAS_CRC, CRC, R, ["panitumumab"], "A", True, "The label limits panitumumab to RAS wild-type colorectal cancer: RAS-mutant (codons 12, 13, 59, 61, 117, 146) tumours do not benefit.", []),
    (NRAS_CRC, CRC, R, ["cetuximab"], "A", True, "The label limits cetuximab to RAS wild-type colorectal cancer: RAS-mutant (codons 12, 13, 59, 61, 117, 146) tumours do not benefit.", []),
    (NRAS_CRC, CRC, R, ["panitumumab"], "A", True, "The label limits panitumumab to RAS wild-type colorectal cancer: RAS-mutant (codons 12, 13, 59, 61, 117, 146) tumours do not benefit.", []),
    ("ERBB2:amp", BREAST, S, ["trastuzumab"], "A", True, "FDA-approved (1998) for HER2-overexpressing / ERBB2-amplified breast cancer.", []),
    ("ERBB2:amp", BREAST, S, ["pertuzumab", "trastuzumab"], "A", True, "FDA-approved (2012) with trastuzumab for HER2-positive breast cancer.", []),
    ("ERBB2:amp", BREAST, S, ["ado-trastuzumab emtansine"], "A", True, "FDA-approved (2013) for HER2-positive breast cancer.", []),
    ("ERBB2:amp", BREAST, S, ["fam-trastuzumab deruxtecan"], "A", True, "FDA-approved (2019) for HER2-positive breast cancer.", []),
    ("ERBB2:amp", EGC, S, ["trastuzumab"], "A", True, "FDA-approved (2010) for HER2-overexpressing gastric or GEJ adenocarcinoma.", []),
    ("ERBB2:amp", CRC, S, ["fam-trastuzumab deruxtecan"], "A", True, "FDA-approved (2024, tissue-agnostic HER2-positive IHC 3+ solid tumours); ERBB2 amplification is the DNA correlate.", []),
    ("ERBB2::consequence::inframe_insertion:775-881", NSCLC, S, ["fam-trastuzumab deruxtecan"], "A", True, "FDA-approved (2022) for NSCLC with activating HER2 (ERBB2) mutations, most often exon 20 insertions.", ["cgi-2018"]),
    ("ERBB2:S310F,L755S,V777L,V842I", NSCLC, S, ["fam-trastuzumab deruxtecan"], "A", True, "FDA-approved (2022) for NSCLC with activating HER2 (ERBB2) mutations.", ["cgi-2018"]),
    (PIK3CA_HOT, BREAST, S, ["alpelisib", "fulvestrant"], "A", True, "FDA-approved (2019) for HR+/HER2- advanced breast cancer with a PIK3CA mutation (therascreen hotspots incl. H1047R).", []),
    (PIK3CA_HOT, BREAST, S, ["inavolisib"], "A", True, "FDA-approved (2024) with palbociclib and fulvestrant for PIK3CA-mutated HR+/HER2- advanced breast cancer.", []),
    (PIK3CA_HOT, BREAST, S, ["capivasertib", "fulvestrant"], "A", True, "FDA-approved (2023) for HR+/HER2- advanced breast cancer with PIK3CA, AKT1 or PTEN alterations.", []),
    ("AKT1:E17K", BREAST, S, ["capivasertib", "fulvestrant"], "A", True, "FDA-approved (2023) for HR+/HER2- advanced breast cancer with PIK3CA, AKT1 or PTEN alterations.", []),
    ("ESR1::consequence::missense_variant:310-547", BREAST, S, ["elacestrant"], "A", True, "FDA-approved (2023) for ER+/HER2- advanced breast cancer with an ESR1 ligand-binding-domain mutation.", []),
    ("BRCA1:truncating", OV, S, ["olaparib"], "A", True, "FDA-approved for ovarian cancer with deleterious germline or somatic BRCA mutations (maintenance).", []),
    ("BRCA2:truncating", OV, S, ["olaparib"], "A", True, "FDA-approved for ovarian cancer with deleterious germline or somatic BRCA mutations (maintenance).", []),
    ("BRCA1:del", OV, S, ["olaparib"], "A", True, "FDA-approved for ovarian cancer with deleterious germline or somatic BRCA alterations.", []),
    ("BRCA2:del", OV, S, ["olaparib"], "A", True, "FDA-approved for ovarian cancer with deleterious germline or somatic BRCA alterations.", []),
    ("BRCA1:truncating", OV, S, ["rucaparib"], "A", True, "FDA-approved for ovarian cancer with a deleterious BRCA mutation (germline and/or somatic).", []),
    ("BRCA2:truncating", OV, S, ["rucaparib"], "A", True, "FDA-approved for ovarian cancer with a deleterious BRCA mutation (germline and/or somatic).", []),
    ("BRCA1:truncating", PROSTATE, S, ["olaparib"], "A", True, "FDA-approved (2020) for mCRPC with deleterious germline or somatic HRR gene mutations incl. BRCA1/2.", []),
    ("BRCA2:truncating", PROSTATE, S, ["olaparib"], "A", True, "FDA-approved (2020) for mCRPC with deleterious germline or somatic HRR gene mutations incl. BRCA1/2.", []),
    ("BRCA2:del", PROSTATE, S, ["olaparib"], "A", True, "FDA-approved (2020) for mCRPC with deleterious HRR gene alterations incl. BRCA2 deletion.", []),
    ("ATM:truncating", PROSTATE, S, ["olaparib"], "A", True, "FDA-approved (2020) for mCRPC with deleterious germline or somatic HRR gene mutations incl. ATM.", []),
    ("BRCA1:truncating", BREAST, S, ["olaparib"], "C", False, "The breast label requires a germline BRCA mutation: a tumour-only finding needs germline confirmation.", []),
    ("BRCA2:truncating", BREAST, S, ["olaparib"], "C", False, "The breast label requires a germline BRCA mutation: a tumour-only finding needs germline confirmation.", []),
    ("BRCA1:truncating", BREAST, S, ["talazoparib"], "C", False, "The breast label requires a germline BRCA mutation: a tumour-only finding needs germline confirmation.", []),
    ("BRCA2:truncating", BREAST, S, ["talazoparib"], "C", False, "The breast label requires a germline BRCA mutation: a tumour-only finding needs germline confirmation.", []),
    ("BRCA1:truncating", PAAD, S, ["olaparib"], "C", False, "The pancreatic label (2019) requires a germline BRCA mutation: a tumour-only finding needs germline confirmation.", []),
    ("BRCA2:truncating", PAAD, S, ["olaparib"], "C", False, "The pancreatic label (2019) requires a germline BRCA mutation: a tumour-only finding needs germline confirmation.", []),
    ("IDH1:R132.", AML, S, ["ivosidenib"], "A", True, "FDA-approved (2018) for AML with a susceptible IDH1 mutation.", []),
    ("IDH1:R132.", MDS, S, ["ivosidenib"], "A", True, "FDA-approved (2023) for relapsed or refractory MDS with a susceptible IDH1 mutation.", []),
    ("IDH1:R132.", CHOL, S, ["ivosidenib"], "A", True, "FDA-approved (2021) for previously treated cholangiocarcinoma with an IDH1 mutation.", []),
    ("IDH2:R140.,R172.", AML, S, ["enasidenib"], "A", True, "FDA-approved (2017) for relapsed or refractory AML with an IDH2 mutation.", []),
    ("IDH1:R132.", GLIOMA, S, ["vorasidenib"], "A", True, "FDA-approved (2024) for grade 2 astrocytoma or oligodendroglioma with a susceptible IDH1 or IDH2 mutation.", []),
    ("IDH2:R172.", GLIOMA, S, ["vorasidenib"], "A", True, "FDA-approved (2024) for grade 2 astrocytoma or oligodendroglioma with a susceptible IDH1 or IDH2 mutation.", []),
    ("FLT3::consequence::inframe_insertion:572-603", AML, S, ["midostaurin"], "A", True, "FDA-approved (2017) for newly diagnosed FLT3-mutated AML (ITD or TKD).", []),
    ("FLT3:D835.,I836.", AML, S, ["midostaurin"], "A", True, "FDA-approved (2017) for newly diagnosed FLT3-mutated AML (ITD or TKD).", []),
    ("FLT3::consequence::inframe_insertion:572-603", AML, S, ["gilteritinib"], "A", True, "FDA-approved (2018) for relapsed or refractory FLT3-mutated AML (ITD or TKD).", []),
    ("FLT3:D835.,I836.", AML, S, ["gilteritinib"], "A", True, "FDA-approved (2018) for relapsed or refractory FLT3-mutated AML (ITD or TKD).", ["civic:AID40"]),
    ("FLT3::consequence::inframe_insertion:572-603", AML, S, ["quizartinib"], "A", True, "FDA-approved (2023) for newly diagnosed FLT3-ITD-positive AML.", []),
    ("BCR::ABL1", CML, S, ["imatinib"], "A", True, "FDA-approved (2001) for Philadelphia chromosome-positive CML.", []),
    ("BCR::ABL1", CML, S, ["dasatinib"], "A", True, "FDA-approved (2006) for Philadelphia chromosome-positive CML.", []),
    ("BCR::ABL1", CML, S, ["nilotinib"], "A", True, "FDA-approved (2007) for Philadelphia chromosome-positive CML.", []),
    ("BCR::ABL1", CML, S, ["bosutinib"], "A", True, "FDA-approved (2012) for Philadelphia chromosome-positive CML.", []),
    ("BCR::ABL1", BALL, S, ["imatinib"], "A", True, "FDA-approved for Philadelphia chromosome-positive ALL.", []),
    ("BCR::ABL1", BALL, S, ["dasatinib"], "A", True, "FDA-approved for Philadelphia chromosome-positive ALL.", []),
    ("ABL1:T315I", CML, S, ["ponatinib"], "A", True, "FDA-approved (2012) for T315I-positive CML.", []),
    ("ABL1:T315I", CML, S, ["asciminib"], "A", True, "FDA-approved (2021) for Ph+ CML in chronic phase with the T315I mutation.", []),
    ("ABL1:T315I", CML, R, ["imatinib"], "A", False, "T315I confers resistance to imatinib, dasatinib, nilotinib and bosutinib; the ponatinib and asciminib labels name it.", []),
    ("ABL1:T315I", CML, R, ["nilotinib"], "A", False, "T315I confers resistance to imatinib, dasatinib, nilotinib and bosutinib; the ponatinib and asciminib labels name it.", []),
    ("ABL1:T315I", CML, R, ["dasatinib"], "A", False, "T315I confers resistance to imatinib, dasatinib, nilotinib and bosutinib; the ponatinib and asciminib labels name it.", []),
    ("KIT:449-514,550-592", GIST, S, ["imatinib"], "A", True, "FDA-approved (2002) for KIT (CD117)-positive GIST; exon 11 and exon 9 mutations respond.", ["cgi-2018"]),
    ("PDGFRA::consequence::inframe_deletion:814-854", GIST, S, ["avapritinib"], "A", True, "FDA-approved (2020) for GIST with a PDGFRA exon 18 mutation, including D842V.", []),
    ("PDGFRA:D842V", GIST, S, ["avapritinib"], "A", True, "FDA-approved (2020) for GIST with a PDGFRA exon 18 mutation, including D842V.", []),
    ("PDGFRA:D842V", GIST, R, ["imatinib"], "A", False, "PDGFRA D842V GIST does not respond to imatinib; the avapritinib label was based on it.", []),
    ("KIT:D816V", SM, S, ["avapritinib"], "A", True, "FDA-approved (2021) for advanced systemic mastocytosis.", []),
    ("KIT:D816V", SM, S, ["midostaurin"], "A", True, "FDA-approved (2017) for advanced systemic mastocytosis.", []),
    ("MSI-H", SOLID, S, ["pembrolizumab"], "A", True, "FDA-approved (2017, tissue-agnostic) for unresectable or metastatic MSI-H or dMMR solid tumours.", []),
    ("MSI-H", SOLID, S, ["dostarlimab"], "A", True, "FDA-approved (2021, tissue-agnostic) for dMMR recurrent or advanced solid tumours.", []),
    ("MSI-H", CRC, S, ["nivolumab", "ipilimumab"], "A", True, "FDA-approved (2018) for MSI-H or dMMR metastatic colorectal cancer.", []),
    ("TMB-H", SOLID, S, ["pembrolizumab"], "A", True, "FDA-approved (2020, tissue-agnostic) for solid tumours with TMB >= 10 mutations/megabase.", ["marabelle-2020"]),
    ("FGFR2__.", CHOL, S, ["pemigatinib"], "A", True, "FDA-approved (2020) for previously treated cholangiocarcinoma with an FGFR2 fusion or rearrangement.", []),
    ("FGFR2__.", CHOL, S, ["futibatinib"], "A", True, "FDA-approved (2022) for previously treated intrahepatic cholangiocarcinoma with an FGFR2 fusion or rearrangement.", []),
    ("FGFR3:R248C,S249C,G370C,Y373C", BLCA, S, ["erdafitinib"], "A", True, "FDA-approved (2019) for urothelial carcinoma with susceptible FGFR3 alterations.", []),
    ("FGFR3__.", BLCA, S, ["erdafitinib"], "A", True, "FDA-approved (2019) for urothelial carcinoma with susceptible FGFR3 alterations incl. FGFR3::TACC3.", []),
    ("EZH2:Y646.,A682G,A692V", FL, S, ["tazemetostat"], "A", True, "FDA-approved (2020) for relapsed or refractory follicular lymphoma with an EZH2 mutation.", []),
    ("BRAF__.", LGG, S, ["tovorafenib"], "A", True, "FDA-approved (2024) for relapsed paediatric low-grade glioma with a BRAF fusion or rearrangement or V600 mutation.", []),
]

# Prognostic and diagnostic statements from guidelines.
OTHER = [
    ("NPM1::consequence::frameshift_variant:.", AML, "prognostic", "better_outcome", "B", "ELN 2022: mutated NPM1 without FLT3-ITD is favourable risk.", ["eln-2022"]),
    ("TP53:truncating", AML, "prognostic", "poor_outcome", "B", "ELN 2022: a pathogenic TP53 variant (VAF >= 10%) is adverse risk.", ["eln-2022"]),
    ("FLT3::consequence::inframe_insertion:572-603", AML, "prognostic", "poor_outcome", "B", "ELN 2022: FLT3-ITD (without adverse-risk lesions) is intermediate risk regardless of allelic ratio.", ["eln-2022"]),
    ("IDH1:R132.", GLIOMA, "diagnostic", "positive", "A", "WHO CNS5: an IDH1 R132 or IDH2 R172 mutation defines IDH-mutant astrocytoma or oligodendroglioma.", ["who-cns5-2021"]),
    ("IDH2:R172.", GLIOMA, "diagnostic", "positive", "A", "WHO CNS5: an IDH1 R132 or IDH2 R172 mutation defines IDH-mutant astrocytoma or oligodendroglioma.", ["who-cns5-2021"]),
    ("BCR::ABL1", CML, "diagnostic", "positive", "A", "BCR::ABL1 defines chronic myeloid leukaemia.", ["eln-2022"]),
]

REGIONS = [
    ("EGFR", "18", "ENST00000275493", 688, 728), ("EGFR", "19", "ENST00000275493", 729, 761),
    ("EGFR", "20", "ENST00000275493", 762, 823), ("EGFR", "21", "ENST00000275493", 824, 875),
    ("MET", "14", "ENST00000397752", 963, 1010), ("KIT", "9", "ENST00000288135", 449, 514),
    ("KIT", "11", "ENST00000288135", 550, 592), ("KIT", "13", "ENST00000288135", 627, 664),
    ("KIT", "17", "ENST00000288135", 788, 828), ("PDGFRA", "12", "ENST00000257290", 552, 596),
    ("PDGFRA", "14", "ENST00000257290", 631, 668), ("PDGFRA", "18", "ENST00000257290", 814, 854),
    ("FLT3", "ITD", "ENST00000241453", 572, 603),
]

# Gene loci (Ensembl gene start-end) for calling gene-level copy number from segments, GRCh37 and GRCh38.
LOCI = [
    ("ERBB2", "17", 37844167, 37886679, 39687914, 39730426), ("NRAS", "1", 115247085, 115259515, 114704469, 114716894),
    ("KRAS", "12", 25358180, 25403854, 25205246, 25250929), ("EGFR", "7", 55086725, 55275031, 55019017, 55211628),
    ("MET", "7", 116312459, 116438440, 116672196, 116798377), ("BRCA1", "17", 41196312, 41277500, 43044295, 43125483),
    ("BRCA2", "13", 32889611, 32973805, 32315474, 32400266), ("CDKN2A", "9", 21967751, 21995300, 21967752, 21995301),
    ("PTEN", "10", 89623195, 89728532, 87863113, 87971930), ("CDK4", "12", 58141510, 58149796, 57747727, 57756013),
    ("MDM2", "12", 69201956, 69239214, 68808177, 68850686), ("FGFR2", "10", 123237848, 123357972, 121478334, 121598458),
    ("MYC", "8", 128748315, 128753680, 127736069, 127742951), ("CCND1", "11", 69455855, 69469242, 69641156, 69654474),
    ("AR", "X", 66764465, 66950461, 67544021, 67730619),
]

def entry(i, biomarker, disease, typ, sig, therapies, level, fda_flag, summary, cites):
    e = {"id": f"PRC-ONC-{i:04d}", "biomarker": biomarker}
    e["disease"] = {"name": disease[0], "oncotree": disease[1]}
    if disease[2]:
        e["disease"]["doid"] = disease[2]
    if len(disease) > 3:
        e["disease"]["excludes"] = disease[3]
    e["type"] = typ; e["direction"] = "supports"; e["significance"] = sig
    if therapies:
        e["therapies"] = therapies
        if len(therapies) > 1:
            e["interaction"] = "combination"
    e["level"] = level
    e["source_level"] = "FDA label" if fda_flag else ("guideline" if typ != "predictive" else "clinical evidence")
    if fda_flag:
        e["fda"] = True
    e["summary"] = summary
    e["citations"] = cites
    return e

entries = []
n = 1
for b, d, sig, th, lvl, f, summ, extra in ROWS:
    cites = [f"fda:{t}" for t in th] if f or lvl == "C" else []
    if f:
        cites.append("fda-cdx-list")
    cites += extra
    if not cites:
        cites = [f"fda:{t}" for t in th if t in DRUGS]
    entries.append(entry(n, b, d, "predictive", sig, th, lvl, f, summ, cites)); n += 1
for b, d, typ, sig, lvl, summ, cites in OTHER:
    entries.append(entry(n, b, d, typ, sig, [], lvl, False, summ, cites)); n += 1

doc = {
    "id": "precis-oncology-biomarkers",
    "title": "Precis oncology biomarkers: FDA-recognised companion biomarkers and guideline statements, with AMP/ASCO/CAP levels",
    "version": "2026.11.0",
    "date": "2026-11-22",
    "licence": "CC0-1.0",
    "area": "oncology",
    "attribution": "Curated by the Precis contributors from FDA prescribing information, the FDA list of companion diagnostics, CIViC (CC0) and published guidelines; summaries in our own words. No OncoKB content.",
    "url": "https://github.com/precis/precis",
    "citations": CITATIONS,
    "entries": {
        "evidence": entries,
        "alleles": [{"gene": k.split(":")[0], "protein": k.split(":")[1], "genomic": g, "hgvsc": h, "citations": ["ensembl-canonical"]} for k, (g, h) in GENOMIC.items()],
        "loci": [{"gene": g, "chrom": c, "grch37": [a, b], "grch38": [x, y], "citations": ["ensembl-canonical"]} for g, c, a, b, x, y in LOCI],
        "regions": [{"gene": g, "name": x, "transcript": t, "start": s, "end": e, "citations": ["ensembl-canonical", "cgi-2018"]} for g, x, t, s, e in REGIONS],
        "thresholds": [
            {"id": "tmb-high", "value": 10, "unit": "mutations/Mb", "rule": ">=", "citations": ["fda:pembrolizumab", "marabelle-2020"]},
            {"id": "hypermutated", "value": 20, "unit": "mutations/Mb", "rule": ">=", "citations": ["chalmers-2017"]},
        ],
    },
}
root = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(root, "..", "..", "Precis.Knowledge", "Data", "precis-oncology-biomarkers.kb.json")
with open(out, "w", encoding="utf-8") as f:
    f.write(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
print(f"{len(entries)} evidence entries, {len(CITATIONS)} citations -> {os.path.normpath(out)}")
