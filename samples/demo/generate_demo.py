#!/usr/bin/env python3
"""Generate the synthetic Precis demo patient (no real person's data).

Writes, next to this script:
  demo.germline.vcf   GRCh38 germline VCF: actionable pharmacogenomic genotypes (CYP2C19 *2/*2,
                      SLCO1B1 rs4149056 T/C, CYP2C9 *1/*3, VKORC1 -1639 G/A), reference calls at
                      other pharmacogene positions, and genotypes at the variants of PGS000001 (breast
                      cancer) and of the 885-variant PGS001229 subset that has a 1000 Genomes reference
                      distribution (precis-pgs-reference), drawn with fixed seeds.
  demo.tumour.maf     a breast tumour MAF (PIK3CA H1047R, TP53 R175H and passenger mutations).
  demo.fhir.json      a FHIR R4 collection Bundle: patient, conditions (coronary disease, type 2 diabetes,
                      hypertension, breast cancer, atrial fibrillation found at the last visit), current
                      medications (clopidogrel, simvastatin, metformin, amlodipine), labs, vitals, smoking.
  demo.wearable.csv   14 days of steps (hourly), heart rate (hourly) and CGM glucose (every 15 min) with
                      post-meal highs (time in range below the consensus target) and one nocturnal low.

Usage: python3 samples/demo/generate_demo.py [--shared ../shared]
The PGS variant positions are read from the PGS Catalog harmonised files in ../shared/data/genomics
(only chromosome, position and alleles are used; the scoring files themselves are not copied).
Output is deterministic: the same seed gives the same bytes.
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261122

# GRCh38 positions, checked against PharmCAT's allele definitions (data/pgx/pharmcat/definition/*_translation.json,
# data version 2025-11-05). Genotypes chosen to be actionable for the demo's current medications.
# CYP2C19 *2 is defined by rs12769205 G + rs4244285 A + rs3758581 G (rs3758581 G is also what separates *1 from the
# reference allele *38), so a *2/*2 patient is homozygous at all three.
PGX_SITES = [
    # chrom, pos, id, ref, alt, genotype, gene, note
    ("chr10", 94761900, "rs12248560", "C", "T", "0/0", "CYP2C19", "*17 promoter; reference"),
    ("chr10", 94775367, "rs12769205", "A", "G", "1/1", "CYP2C19", "*2 core (intron 4); homozygous"),
    ("chr10", 94781859, "rs4244285", "G", "A", "1/1", "CYP2C19", "*2 splice defect c.681G>A; homozygous"),
    ("chr10", 94780653, "rs4986893", "G", "A", "0/0", "CYP2C19", "*3; reference"),
    ("chr10", 94842866, "rs3758581", "A", "G", "1/1", "CYP2C19", "c.991A>G, on *1 and *2; homozygous"),
    ("chr10", 94942290, "rs1799853", "C", "T", "0/0", "CYP2C9", "*2; reference"),
    ("chr10", 94981296, "rs1057910", "A", "C", "0/1", "CYP2C9", "*3; heterozygous"),
    ("chr12", 21178615, "rs4149056", "T", "C", "0/1", "SLCO1B1", "c.521T>C; heterozygous"),
    ("chr16", 31096368, "rs9923231", "C", "T", "0/1", "VKORC1", "-1639G>A (minus strand); heterozygous"),
    ("chr1", 97450058, "rs3918290", "C", "T", "0/0", "DPYD", "*2A; reference"),
    ("chr1", 97515787, "rs55886062", "A", "C", "0/0", "DPYD", "*13; reference"),
    ("chr1", 97082391, "rs67376798", "T", "A", "0/0", "DPYD", "c.2846A>T; reference"),
    ("chr6", 18130687, "rs1142345", "T", "C", "0/0", "TPMT", "*3C; reference"),
    ("chr6", 18138997, "rs1800460", "C", "T", "0/0", "TPMT", "*3B; reference"),
    ("chr13", 48045719, "rs116855232", "C", "T", "0/0", "NUDT15", "*3; reference"),
    ("chr19", 38500898, "rs118192178", "C", "T", "0/0", "RYR1", "c.7300G>A; reference"),
]

# Genes whose every defining position is written (reference unless listed above), so their calls are complete.
PGX_COMPLETE_GENES = ("CYP2C19", "CYP2C9", "SLCO1B1")


def read_pgx_positions(shared, genes):
    """(chrom, pos, rsid, ref, alt) of every defining position (and position of interest) of the genes, from
    PharmCAT's allele definitions in ../shared/data/pgx; only coordinates and alleles are used."""
    base = os.path.join(shared, "data/pgx/pharmcat/definition")
    with open(os.path.join(base, "exemptions.json")) as f:
        exemptions = json.load(f)
    out = []
    for gene in genes:
        with open(os.path.join(base, f"{gene}_translation.json")) as f:
            d = json.load(f)
        variants = d["variants"] + exemptions.get(gene, {}).get("extraPositions", [])
        for v in variants:
            out.append((d["chromosome"], v["position"], v["rsid"] or ".", v["ref"], v["alts"][0]))
    return out

CONTIGS = [("chr1", 248956422), ("chr2", 242193529), ("chr3", 198295559), ("chr4", 190214555),
           ("chr5", 181538259), ("chr6", 170805979), ("chr7", 159345973), ("chr8", 145138636),
           ("chr9", 138394717), ("chr10", 133797422), ("chr11", 135086622), ("chr12", 133275309),
           ("chr13", 114364328), ("chr14", 107043718), ("chr15", 101991189), ("chr16", 90338345),
           ("chr17", 83257441), ("chr18", 80373285), ("chr19", 58617616), ("chr20", 64444167),
           ("chr21", 46709983), ("chr22", 50818468), ("chrX", 156040895), ("chrY", 57227415),
           ("chrM", 16569)]


def read_pgs_sites(path):
    """(chrom, pos, effect, other) from a PGS Catalog harmonised file's hm_chr/hm_pos columns."""
    sites = []
    with open(path) as f:
        header = None
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if header is None:
                header = cols
                continue
            row = dict(zip(header, cols))
            chrom, pos = row.get("hm_chr", ""), row.get("hm_pos", "")
            ea, oa = row.get("effect_allele", ""), row.get("other_allele") or row.get("hm_inferOtherAllele", "")
            if not chrom or not pos or not oa or len(ea) != 1 or len(oa) != 1:
                continue
            sites.append(("chr" + chrom, int(pos), ea, oa))
    return sites


def read_prs_reference_sites(shared):
    """(chrom, pos, ref, alt, alt frequency) of every variant of the shipped reference-backed score subset
    (src/Precis.Knowledge/Data/precis-pgs-reference.kb.json), with REF/ALT and the European (EUR) ALT frequency from
    the tiny1000G panel the distribution was computed on, so the demo patient is scored on the same variants."""
    import gzip
    kb_path = os.path.join(HERE, "..", "..", "src", "Precis.Knowledge", "Data", "precis-pgs-reference.kb.json")
    with open(kb_path, encoding="utf-8") as f:
        entry = json.load(f)["entries"]["references"][0]
    comp = {"A": "T", "T": "A", "C": "G", "G": "C"}
    wanted = {(v["chr"], v["pos"]): {v["effectAllele"], v["otherAllele"]} for v in entry["variants"]}
    legacy = os.path.join(shared, "data/genomics/pygscatalog/pgscatalog.calc/tests/legacy/data")
    eur = set()
    with open(os.path.join(legacy, "ref.psam")) as f:
        header = f.readline().lstrip("#").rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            if row["SuperPop"] == "EUR":
                eur.add(row["IID"])
    out = {}
    vcf = os.path.join(shared, "data/genomics/pygscatalog/pgscatalog.calc/tests/data/vcf/tiny1000G.vcf.gz")
    with gzip.open(vcf, "rt") as f:
        for line in f:
            if line.startswith("##"):
                continue
            c = line.rstrip("\n").split("\t")
            if line.startswith("#"):
                columns = [i for i, s in enumerate(c) if s in eur]
                continue
            key = (c[0], int(c[1]))
            alleles = wanted.get(key)
            exact = {c[3], c[4]} == alleles
            # A position can hold two records (a split multi-allelic site): the exact allele match wins, as in the KB.
            if alleles is None or not (exact or {comp.get(c[3]), comp.get(c[4])} == alleles) or (key in out and not exact):
                continue
            calls = [a for i in columns for a in c[i].replace("|", "/").split("/")]
            out[key] = ("chr" + c[0], int(c[1]), c[3], c[4], sum(a == "1" for a in calls) / len(calls))
    return [out[k] for k in sorted(out)]


def write_vcf(shared, rng):
    pgs_dir = os.path.join(shared, "data/genomics/pygscatalog/pgscatalog.core/tests/data")
    pgs = []
    for name in ("PGS000001_hmPOS_GRCh38.txt",):
        pgs += read_pgs_sites(os.path.join(pgs_dir, name))
    records = {}
    # Rows added after the first release draw their depths from their own generator, so the main generator's
    # sequence (and with it the MAF and wearable files) is unchanged.
    extra_rng = random.Random(SEED + 1)
    extra = set()
    for chrom, pos, rsid, ref, alt, gt, gene, note in PGX_SITES:
        records[(chrom, pos)] = (chrom, pos, rsid, ref, alt, gt)
        if rsid in ("rs12769205", "rs3758581"):
            extra.add((chrom, pos))
    for chrom, pos, rsid, ref, alt in read_pgx_positions(shared, PGX_COMPLETE_GENES):
        if (chrom, pos) not in records:
            records[(chrom, pos)] = (chrom, pos, rsid, ref, alt, "0/0")
            extra.add((chrom, pos))
    for chrom, pos, ea, oa in pgs:
        if (chrom, pos) in records:
            continue
        # Reference allele unknown without a FASTA: use the other allele as REF (harmonised files
        # orient most rows that way); the genotype is drawn so about 30% of alleles are the effect allele.
        a = [1 if rng.random() < 0.3 else 0 for _ in range(2)]
        records[(chrom, pos)] = (chrom, pos, ".", oa, ea, f"{min(a)}/{max(a)}")
    # The reference-backed score subset: alleles drawn at European 1000 Genomes frequencies from generators of their
    # own, so every record above keeps its bytes.
    prs_rng = random.Random(SEED + 2)
    prs_depth_rng = random.Random(SEED + 3)
    prs_keys = set()
    for chrom, pos, ref, alt, p_alt in read_prs_reference_sites(shared):
        if (chrom, pos) in records:
            continue
        a = [1 if prs_rng.random() < p_alt else 0 for _ in range(2)]
        records[(chrom, pos)] = (chrom, pos, ".", ref, alt, f"{min(a)}/{max(a)}")
        prs_keys.add((chrom, pos))
    order = {c: i for i, (c, _) in enumerate(CONTIGS)}
    lines = [
        "##fileformat=VCFv4.2",
        "##fileDate=20261122",
        "##source=precis-demo-generator",
        "##reference=GRCh38",
    ]
    lines += [f"##contig=<ID={c},length={n},assembly=GRCh38>" for c, n in CONTIGS]
    lines += [
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
        '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">',
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tDEMO-001",
    ]
    for key in sorted(records, key=lambda k: (order[k[0]], k[1])):
        chrom, pos, rsid, ref, alt, gt = records[key]
        r = prs_depth_rng if key in prs_keys else extra_rng if key in extra else rng
        dp = r.randint(28, 60)
        alts = gt.count("1")
        ad_alt = 0 if alts == 0 else (dp if alts == 2 else dp // 2 + r.randint(-3, 3))
        gq = 99 if dp > 30 else 60
        qual = "." if alts == 0 else str(r.randint(200, 1500))
        lines.append(f"{chrom}\t{pos}\t{rsid}\t{ref}\t{alt}\t{qual}\tPASS\tDP={dp}\tGT:AD:DP:GQ\t{gt}:{dp - ad_alt},{ad_alt}:{dp}:{gq}")
    with open(os.path.join(HERE, "demo.germline.vcf"), "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


MAF_COLUMNS = ["Hugo_Symbol", "Entrez_Gene_Id", "Center", "NCBI_Build", "Chromosome", "Start_Position",
               "End_Position", "Strand", "Variant_Classification", "Variant_Type", "Reference_Allele",
               "Tumor_Seq_Allele1", "Tumor_Seq_Allele2", "Tumor_Sample_Barcode", "Matched_Norm_Sample_Barcode",
               "HGVSc", "HGVSp_Short", "Transcript_ID", "t_depth", "t_ref_count", "t_alt_count"]


def write_maf(rng):
    # Driver mutations: real hotspots with GRCh38 coordinates; passengers are synthetic.
    drivers = [
        ("PIK3CA", 5290, "chr3", 179234297, "Missense_Mutation", "A", "G", "c.3140A>G", "p.H1047R", "ENST00000263967"),
        ("TP53", 7157, "chr17", 7675088, "Missense_Mutation", "C", "T", "c.524G>A", "p.R175H", "ENST00000269305"),
        ("GATA3", 2625, "chr10", 8069470, "Frame_Shift_Ins", "-", "A", "c.1063dup", "p.S355Kfs*?", "ENST00000379328"),
    ]
    genes = ["TTN", "MUC16", "SYNE1", "RYR2", "LRP1B", "CSMD3", "FAT4", "USH2A", "OBSCN", "DNAH5",
             "HMCN1", "PCLO", "ZFHX4", "XIRP2", "APOB", "FLG", "DST", "AHNAK2", "NEB", "SPTA1"]
    rows = []
    for g, eid, chrom, pos, cls, ref, alt, hgvsc, hgvsp, tx in drivers:
        depth = rng.randint(120, 300)
        altc = int(depth * rng.uniform(0.25, 0.45))
        end = pos if ref != "-" else pos + 1
        vt = "SNP" if ref != "-" else "INS"
        rows.append([g, eid, "precis-demo", "GRCh38", chrom, pos, end, "+", cls, vt, ref, ref, alt,
                     "DEMO-001-T", "DEMO-001-N", hgvsc, hgvsp, tx, depth, depth - altc, altc])
    bases = "ACGT"
    for i, g in enumerate(genes):
        chrom = f"chr{rng.randint(1, 22)}"
        pos = rng.randint(1_000_000, 40_000_000)
        ref = rng.choice(bases)
        alt = rng.choice([b for b in bases if b != ref])
        cls = rng.choice(["Missense_Mutation", "Silent", "Missense_Mutation", "Nonsense_Mutation"])
        depth = rng.randint(80, 250)
        altc = int(depth * rng.uniform(0.1, 0.4))
        rows.append([g, 0, "precis-demo", "GRCh38", chrom, pos, pos, "+", cls, "SNP", ref, ref, alt,
                     "DEMO-001-T", "DEMO-001-N", "", "", "", depth, depth - altc, altc])
    with open(os.path.join(HERE, "demo.tumour.maf"), "w", newline="\n") as f:
        f.write("#version 2.4\n")
        f.write("\t".join(MAF_COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")


def coding(system, code, display):
    return {"system": system, "code": code, "display": display}


def write_fhir():
    pid = "demo-001"
    entries = []

    def add(resource):
        rid = f"{resource['resourceType'].lower()}-{len(entries) + 1:03d}"
        resource["id"] = rid
        entries.append({"fullUrl": f"urn:uuid:00000000-0000-4000-8000-{len(entries) + 1:012d}", "resource": resource})

    patient = {
        "resourceType": "Patient",
        "meta": {"tag": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason", "code": "HTEST", "display": "test health data"}]},
        "identifier": [{"system": "urn:precis:demo", "value": "DEMO-001"}],
        "name": [{"use": "official", "family": "Demo", "given": ["Maria"]}],
        "gender": "female",
        "birthDate": "1964-03-14",
    }
    entries.append({"fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000000", "resource": dict(patient, id=pid)})
    ref = {"reference": "urn:uuid:00000000-0000-4000-8000-000000000000"}
    sct = "http://snomed.info/sct"
    for code, display, onset in [("53741008", "Coronary arteriosclerosis", "2021-06-02"),
                                 ("414545008", "Ischemic heart disease", "2021-06-02"),
                                 ("55822004", "Hyperlipidemia", "2015-09-10"),
                                 ("44054006", "Diabetes mellitus type 2", "2018-01-22"),
                                 ("59621000", "Essential hypertension", "2012-11-05"),
                                 ("254837009", "Malignant neoplasm of breast", "2026-08-19")]:
        add({"resourceType": "Condition",
             "clinicalStatus": {"coding": [coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")]},
             "verificationStatus": {"coding": [coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed")]},
             "category": [{"coding": [coding("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")]}],
             "code": {"coding": [coding(sct, code, display)], "text": display},
             "subject": ref, "onsetDateTime": onset})
    rx = "http://www.nlm.nih.gov/research/umls/rxnorm"
    for code, display, authored, dose in [("309362", "Clopidogrel 75 MG Oral Tablet", "2021-06-03", "75 mg once daily"),
                                          ("312961", "Simvastatin 20 MG Oral Tablet", "2021-06-03", "20 mg once daily at night"),
                                          ("860975", "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet", "2018-01-22", "500 mg once daily"),
                                          ("197361", "Amlodipine 5 MG Oral Tablet", "2013-02-11", "5 mg once daily")]:
        add({"resourceType": "MedicationRequest", "status": "active", "intent": "order",
             "medicationCodeableConcept": {"coding": [coding(rx, code, display)], "text": display},
             "subject": ref, "authoredOn": authored, "dosageInstruction": [{"text": dose}]})
    add({"resourceType": "AllergyIntolerance",
         "clinicalStatus": {"coding": [coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active")]},
         "code": {"coding": [coding(sct, "91936005", "Allergy to penicillin")], "text": "Allergy to penicillin"},
         "patient": ref})
    loinc = "http://loinc.org"

    short_names = {"13457-7": "LDL cholesterol", "2093-3": "Total cholesterol", "2085-9": "HDL cholesterol",
                   "2571-8": "Triglycerides", "4548-4": "HbA1c", "2160-0": "Creatinine", "33914-3": "eGFR",
                   "8302-2": "Body height", "29463-7": "Body weight", "39156-5": "Body mass index", "8867-4": "Heart rate"}

    def obs(code, display, value, unit, ucum, date, category="laboratory"):
        add({"resourceType": "Observation", "status": "final",
             "category": [{"coding": [coding("http://terminology.hl7.org/CodeSystem/observation-category", category, category.replace("-", " ").title())]}],
             "code": {"coding": [coding(loinc, code, display)], "text": short_names.get(code, display)},
             "subject": ref, "effectiveDateTime": date,
             "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": ucum}})

    for date, ldl, tc, hdl, tg, a1c in [("2025-10-02T09:10:00Z", 3.1, 5.2, 1.1, 2.0, 7.4), ("2026-10-08T08:55:00Z", 2.9, 4.9, 1.2, 1.8, 7.1)]:
        obs("13457-7", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation", round(ldl * 38.67), "mg/dL", "mg/dL", date)
        obs("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", round(tc * 38.67), "mg/dL", "mg/dL", date)
        obs("2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", round(hdl * 38.67), "mg/dL", "mg/dL", date)
        obs("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma", round(tg * 88.57), "mg/dL", "mg/dL", date)
        obs("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", a1c, "%", "%", date)
    obs("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", 0.9, "mg/dL", "mg/dL", "2026-10-08T08:55:00Z")
    obs("33914-3", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (MDRD)", 68, "mL/min/{1.73_m2}", "mL/min/{1.73_m2}", "2026-10-08T08:55:00Z")
    for date, wt, bmi, hr, sys_, dia in [("2025-10-02T09:00:00Z", 81.0, 29.8, 74, 142, 88), ("2026-10-08T08:45:00Z", 79.4, 29.2, 71, 136, 84)]:
        obs("8302-2", "Body Height", 164.9, "cm", "cm", date, "vital-signs")
        obs("29463-7", "Body Weight", wt, "kg", "kg", date, "vital-signs")
        obs("39156-5", "Body Mass Index", bmi, "kg/m2", "kg/m2", date, "vital-signs")
        obs("8867-4", "Heart rate", hr, "/min", "/min", date, "vital-signs")
        add({"resourceType": "Observation", "status": "final",
             "category": [{"coding": [coding("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")]}],
             "code": {"coding": [coding(loinc, "85354-9", "Blood pressure panel with all children optional")], "text": "Blood pressure"},
             "subject": ref, "effectiveDateTime": date,
             "component": [
                 {"code": {"coding": [coding(loinc, "8480-6", "Systolic blood pressure")]},
                  "valueQuantity": {"value": sys_, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
                 {"code": {"coding": [coding(loinc, "8462-4", "Diastolic blood pressure")]},
                  "valueQuantity": {"value": dia, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]})
    add({"resourceType": "Observation", "status": "final",
         "category": [{"coding": [coding("http://terminology.hl7.org/CodeSystem/observation-category", "social-history", "Social History")]}],
         "code": {"coding": [coding(loinc, "72166-2", "Tobacco smoking status")], "text": "Tobacco smoking status"},
         "subject": ref, "effectiveDateTime": "2026-10-08T08:45:00Z",
         "valueCodeableConcept": {"coding": [coding(sct, "8517006", "Former smoker")], "text": "Former smoker"}})
    # Atrial fibrillation found at the last visit (ECG), not yet anticoagulated: CHA2DS2-VASc applies. Added last so
    # the ids of every earlier resource stay as they were.
    add({"resourceType": "Condition",
         "clinicalStatus": {"coding": [coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")]},
         "verificationStatus": {"coding": [coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed")]},
         "category": [{"coding": [coding("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")]}],
         "code": {"coding": [coding(sct, "49436004", "Atrial fibrillation")], "text": "Atrial fibrillation"},
         "subject": ref, "onsetDateTime": "2026-10-08"})
    bundle = {"resourceType": "Bundle", "id": "precis-demo-001", "type": "collection",
              "timestamp": "2026-11-22T00:00:00Z", "entry": entries}
    with open(os.path.join(HERE, "demo.fhir.json"), "w", newline="\n") as f:
        json.dump(bundle, f, indent=2)
        f.write("\n")


def write_wearable(rng):
    start = dt.datetime(2026, 11, 1, 0, 0, tzinfo=dt.timezone.utc)
    rows = []
    for day in range(14):
        for hour in range(24):
            t = start + dt.timedelta(days=day, hours=hour)
            active = 7 <= hour <= 21
            steps = int(max(0, rng.gauss(650 if active else 15, 250 if active else 20))) if not (day == 9 and 9 <= hour <= 17) else None
            if steps is not None:
                rows.append((t, "steps", steps, "count"))
            hr = round(rng.gauss(78 if active else 62, 6))
            rows.append((t, "heart_rate", hr, "/min"))
        for q in range(96):
            t = start + dt.timedelta(days=day, minutes=15 * q)
            h = q / 4.0
            # Post-meal excursions, largest after the evening meal: type 2 diabetes on metformin alone with an HbA1c
            # of 7.1 %. About a third of readings are above 180 mg/dL, so time in range misses the consensus target
            # (> 70 %) and the monitoring rules have a real out-of-target pattern to report.
            meal = sum(a * math.exp(-((h - m) ** 2) / 3.0) for m, a in ((8, 80), (13, 75), (19.5, 110)))
            g = 130 + meal + rng.gauss(0, 9) + (10 * math.sin(day))
            if day == 5 and 2.5 <= h <= 3.5:
                g = 62 + rng.gauss(0, 3)  # a nocturnal low for the monitoring rules to find
            rows.append((t, "glucose", round(g), "mg/dL"))
    rows.sort(key=lambda r: (r[0], r[1]))
    with open(os.path.join(HERE, "demo.wearable.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["timestamp", "metric", "value", "unit"])
        for t, m, v, u in rows:
            w.writerow([t.strftime("%Y-%m-%dT%H:%M:%SZ"), m, v, u])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "..", "shared"), help="path to the shared data folder")
    args = ap.parse_args()
    rng = random.Random(SEED)
    write_vcf(args.shared, rng)
    write_maf(rng)
    write_fhir()
    write_wearable(rng)


if __name__ == "__main__":
    main()
