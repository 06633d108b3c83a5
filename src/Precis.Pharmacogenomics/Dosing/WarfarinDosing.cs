using System.Globalization;
using Precis.Core;
using Precis.Pharmacogenomics.Calling;
using Precis.Pharmacogenomics.Phenotypes;
using Precis.Prediction.Reference;

namespace Precis.Pharmacogenomics.Dosing;

/// <summary>Why warfarin is considered: it is a current medication, or the record holds an indication for it.</summary>
/// <param name="Current">True when warfarin is among the current medications.</param>
/// <param name="Reason">The medication or condition text that made it relevant.</param>
public sealed record WarfarinContext(bool Current, string Reason);

/// <summary>
/// Genotype-guided warfarin dosing for a plan: the CPIC 2017 recommendation (Johnson et al., PMID 28198005) and the
/// IWPC pharmacogenetic and clinical dose estimates (Klein et al., NEJM 2009) computed by
/// <see cref="IwpcWarfarin"/> in Precis.Prediction, with the inputs used (and where they came from) and those lacking.
/// </summary>
/// <param name="Context">Why warfarin was assessed.</param>
/// <param name="Cyp2c9">CYP2C9 genotype as IWPC codes it (*1/*1 … *3/*3), or null when it cannot be (not called, tie, or other alleles).</param>
/// <param name="Vkorc1">VKORC1 -1639G&gt;A genotype (G/G, A/G, A/A), or null when not called.</param>
/// <param name="Cyp4f2Star3Carrier">True/false when CYP4F2 was called; null when not.</param>
/// <param name="Pharmacogenetic">IWPC pharmacogenetic prediction (value or withheld reason); null when the genotypes are lacking.</param>
/// <param name="Clinical">IWPC clinical prediction (value or withheld reason).</param>
/// <param name="InputOrigins">Input key → value and its origin in the record.</param>
/// <param name="Lacking">Inputs the record does not give (and genotypes not called), in words.</param>
/// <param name="Notes">What a reader must know (genotype limits, ancestry, CYP4F2 adjustment).</param>
public sealed record WarfarinAssessment(
    WarfarinContext Context, string? Cyp2c9, string? Vkorc1, bool? Cyp4f2Star3Carrier, RiskPrediction? Pharmacogenetic, RiskPrediction Clinical,
    IReadOnlyDictionary<string, string> InputOrigins, IReadOnlyList<string> Lacking, IReadOnlyList<string> Notes)
{
    /// <summary>True when the IWPC pharmacogenetic estimate has a value.</summary>
    public bool HasGenotypeGuidedDose => Pharmacogenetic?.Value is not null;
}

/// <summary>Builds a <see cref="WarfarinAssessment"/> from gene results and the patient's record.</summary>
public static class WarfarinDosing
{
    /// <summary>Conditions that make warfarin a likely medication (recorded indications for oral anticoagulation).</summary>
    private static readonly string[] Indications = ["atrial fibrillation", "atrial flutter", "venous thrombosis", "pulmonary embolism", "heart valve prosthesis", "mechanical heart valve"];

    private static readonly string[] IwpcCyp2c9Alleles = ["*1", "*2", "*3"];

    /// <summary>Whether warfarin is current or likely for this patient; null when neither.</summary>
    public static WarfarinContext? ContextOf(PatientSummary patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var current = patient.CurrentMedications.FirstOrDefault(m =>
            new[] { m.Ingredient, m.Text }.Any(t => t?.Contains("warfarin", StringComparison.OrdinalIgnoreCase) == true) || m.Code is "RxNorm:11289" or "11289");
        if (current is not null)
            return new WarfarinContext(true, $"current medication '{current.Text}'");
        var indication = patient.ActiveConditions.FirstOrDefault(c => Indications.Any(i => c.Contains(i, StringComparison.OrdinalIgnoreCase)));
        return indication is null ? null : new WarfarinContext(false, $"active condition '{indication}' (an indication for oral anticoagulation); warfarin is not prescribed");
    }

    /// <summary>The assessment for a patient, or null when warfarin is neither current nor likely.</summary>
    public static WarfarinAssessment? Assess(IReadOnlyList<GeneResult> genes, PatientSummary patient)
    {
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(patient);
        return ContextOf(patient) is { } context ? Assess(genes, RecordInputMapper.FromPatient(patient), context) : null;
    }

    /// <summary>The assessment from gene results and record-derived model inputs.</summary>
    public static WarfarinAssessment Assess(IReadOnlyList<GeneResult> genes, RecordInputs record, WarfarinContext context)
    {
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(context);
        var byGene = genes.ToDictionary(g => g.Gene, StringComparer.Ordinal);
        var notes = new List<string>();
        var lacking = new List<string>();

        var cyp2c9 = Cyp2c9ForIwpc(byGene.GetValueOrDefault("CYP2C9"), notes, lacking);
        var vkorc1 = Vkorc1ForIwpc(byGene.GetValueOrDefault("VKORC1"), lacking);
        var cyp4f2 = Cyp4f2Star3(byGene.GetValueOrDefault("CYP4F2"), notes);

        var values = new Dictionary<string, string>(record.Values, StringComparer.OrdinalIgnoreCase);
        var origins = new Dictionary<string, string>(record.Origins, StringComparer.OrdinalIgnoreCase);
        // The record summary has no race: IWPC has its own term for "missing or mixed race", which is what we use, and say so.
        if (!values.TryGetValue("race", out var race) || race is not ("white" or "asian" or "black" or "mixed-or-missing"))
        {
            values["race"] = "mixed-or-missing";
            origins["race"] = "not recorded: the IWPC equations' 'missing or mixed race' term is used";
            notes.Add("race is not recorded, so the IWPC 'missing or mixed race' term is used; CPIC's recommendation differs for African ancestry (CYP2C9 *5, *6, *8, *11 and rs12777823), which could not be assessed");
        }

        foreach (var (key, label) in new[] { ("age", "age"), ("height", "height (LOINC 8302-2)"), ("weight", "weight (LOINC 29463-7)") })
        {
            if (!values.ContainsKey(key))
                lacking.Add($"{label} not in the record");
        }

        var inputs = new RiskInputs(values, "record");
        var clinical = IwpcWarfarin.ClinicalAlgorithm.Predict(inputs);
        RiskPrediction? pg = null;
        if (cyp2c9 is not null && vkorc1 is not null)
        {
            values["cyp2c9"] = cyp2c9;
            values["vkorc1"] = vkorc1;
            origins["cyp2c9"] = $"CYP2C9 {byGene["CYP2C9"].Diplotype} called from the genotypes";
            origins["vkorc1"] = $"VKORC1 {byGene["VKORC1"].Diplotype} called from the genotypes";
            pg = IwpcWarfarin.PharmacogeneticAlgorithm.Predict(new RiskInputs(values, "record"));
        }

        return new WarfarinAssessment(context, cyp2c9, vkorc1, cyp4f2, pg, clinical, origins, lacking, notes);
    }

    /// <summary>CYP2C9 as IWPC codes it; IWPC knows only *1, *2 and *3, so any other allele cannot be represented.</summary>
    private static string? Cyp2c9ForIwpc(GeneResult? g, List<string> notes, List<string> lacking)
    {
        if (g is null || g.Call.Status is CallStatus.NotTested or CallStatus.NoCall || g.Call.Candidates.Count == 0)
        {
            lacking.Add("CYP2C9 genotype (not called)");
            return null;
        }

        if (g.Call.Candidates.Count > 1)
        {
            lacking.Add($"CYP2C9 genotype (tied candidates: {g.Diplotype})");
            return null;
        }

        var c = g.Call.Candidates[0];
        var alleles = new[] { c.Allele1, c.Allele2 }.OfType<string>().ToList();
        if (alleles.Count != 2 || alleles.Any(a => !IwpcCyp2c9Alleles.Contains(a)))
        {
            lacking.Add($"CYP2C9 genotype the IWPC equation can represent (called {g.Diplotype}; IWPC has only *1, *2, *3)");
            notes.Add($"CYP2C9 {g.Diplotype} carries an allele the IWPC pharmacogenetic equation does not model; CPIC advises that such decreased-function alleles lower the dose requirement, so no genotype-guided estimate is given");
            return null;
        }

        alleles.Sort(StringComparer.Ordinal);
        return $"{alleles[0]}/{alleles[1]}";
    }

    /// <summary>VKORC1 -1639G&gt;A from the rs9923231 call: the reference C is -1639G, the variant T is -1639A (minus strand).</summary>
    private static string? Vkorc1ForIwpc(GeneResult? g, List<string> lacking)
    {
        if (g is null || g.Call.Candidates.Count != 1 || g.Call.Status is CallStatus.NotTested or CallStatus.NoCall)
        {
            lacking.Add("VKORC1 -1639G>A genotype (not called)");
            return null;
        }

        var c = g.Call.Candidates[0];
        var variants = new[] { c.Allele1, c.Allele2 }.Count(a => a?.Contains("variant", StringComparison.Ordinal) == true);
        return variants switch { 0 => "G/G", 1 => "A/G", _ => "A/A" };
    }

    private static bool? Cyp4f2Star3(GeneResult? g, List<string> notes)
    {
        if (g is null || g.Call.Candidates.Count == 0 || g.Call.Status is CallStatus.NotTested or CallStatus.NoCall)
        {
            notes.Add("CYP4F2 not called: CPIC's optional CYP4F2*3 adjustment (+5–10%) could not be assessed");
            return null;
        }

        var carrier = g.Call.Candidates.All(c => c.Allele1 == "*3" || c.Allele2 == "*3");
        var any = g.Call.Candidates.Any(c => c.Allele1 == "*3" || c.Allele2 == "*3");
        if (any && !carrier)
        {
            notes.Add($"CYP4F2 candidates disagree on *3 ({g.Diplotype}); the CYP4F2 adjustment is not applied");
            return null;
        }

        return carrier;
    }

    /// <summary>"35.2 mg/week" or "withheld: reason".</summary>
    public static string Describe(RiskPrediction? p) => p is null ? "not computed"
        : p.Value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " mg/week" : "insufficient data: " + p.WithheldReason;
}
