using Precis.Core;

namespace Precis.Prediction.Reference;

/// <summary>
/// IWPC warfarin dosing algorithms (International Warfarin Pharmacogenetics Consortium, NEJM 2009): the
/// pharmacogenetic and the clinical equation for the stable weekly dose, as square-root-of-dose linear models.
/// </summary>
public sealed class IwpcWarfarin : IReferenceModel
{
    private static readonly string[] Races = ["white", "asian", "black", "mixed-or-missing"];
    private static readonly string[] Vkorc1Genotypes = ["G/G", "A/G", "A/A", "unknown"];
    private static readonly string[] Cyp2c9Genotypes = ["*1/*1", "*1/*2", "*1/*3", "*2/*2", "*2/*3", "*3/*3", "unknown"];

    private static readonly Citation Iwpc2009 = new(
        "doi:10.1056/NEJMoa0809329",
        "Estimation of the warfarin dose with clinical and pharmacogenetic data (International Warfarin Pharmacogenetics Consortium)",
        new Uri("https://doi.org/10.1056/NEJMoa0809329"),
        "N Engl J Med",
        2009);

    private IwpcWarfarin(bool pharmacogenetic)
    {
        Pharmacogenetic = pharmacogenetic;
        List<ModelInput> inputs =
        [
            new("age", "Age", "years", 18, 120),
            new("height", "Height", "cm", 100, 250),
            new("weight", "Weight", "kg", 20, 300),
            new("race", "Race as in IWPC (white, asian, black, mixed-or-missing)", "white|asian|black|mixed-or-missing"),
            new("enzyme_inducer", "Taking carbamazepine, phenytoin, rifampin or rifampicin", "yes/no"),
            new("amiodarone", "Taking amiodarone", "yes/no"),
        ];
        if (pharmacogenetic)
        {
            inputs.Add(new("vkorc1", "VKORC1 -1639G>A (rs9923231) genotype", "G/G|A/G|A/A|unknown"));
            inputs.Add(new("cyp2c9", "CYP2C9 genotype (*1, *2, *3 alleles)", "*1/*1|*1/*2|*1/*3|*2/*2|*2/*3|*3/*3|unknown"));
        }

        Card = new ModelCard(
            pharmacogenetic ? "iwpc-pg" : "iwpc-clinical",
            pharmacogenetic ? "IWPC warfarin pharmacogenetic dosing algorithm" : "IWPC warfarin clinical dosing algorithm",
            "2009 (IWPC, NEJM 360:753)",
            "Stable therapeutic warfarin dose (mg/week) for a target INR of 2–3",
            "Adults starting warfarin with a target INR of 2–3; derived in 4,043 and validated in 1,009 patients from 9 countries",
            inputs,
            [Iwpc2009],
            "Public equations (published coefficients)");
    }

    /// <summary>The pharmacogenetic equation (age, height, weight, race, VKORC1, CYP2C9, inducers, amiodarone).</summary>
    public static IwpcWarfarin PharmacogeneticAlgorithm { get; } = new(true);

    /// <summary>The clinical equation (no genotypes).</summary>
    public static IwpcWarfarin ClinicalAlgorithm { get; } = new(false);

    public bool Pharmacogenetic { get; }

    public ModelCard Card { get; }

    public RiskPrediction Predict(RiskInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var r = new InputReader(Card, inputs);
        var age = r.Number("age");
        var height = r.Number("height");
        var weight = r.Number("weight");
        var race = r.Category("race", Races);
        var inducer = r.Flag("enzyme_inducer");
        var amiodarone = r.Flag("amiodarone");
        string vkorc1 = "", cyp2c9 = "";
        if (Pharmacogenetic)
        {
            vkorc1 = r.Category("vkorc1", Vkorc1Genotypes);
            cyp2c9 = r.Category("cyp2c9", Cyp2c9Genotypes);
            if (vkorc1 == "unknown")
                r.Notes.Add("VKORC1 genotype unknown: the equation's 'unknown' term is used, which is less accurate than a genotype");
            if (cyp2c9 == "unknown")
                r.Notes.Add("CYP2C9 genotype unknown: the equation's 'unknown' term is used");
        }

        if (r.Problem is not null)
            return r.Result(double.NaN, "mg/week");
        var decades = AgeDecades(age);
        var dose = Pharmacogenetic
            ? PharmacogeneticDose(decades, height, weight, race, vkorc1, cyp2c9, inducer, amiodarone)
            : ClinicalDose(decades, height, weight, race, inducer, amiodarone);
        return r.Result(dose, "mg/week");
    }

    /// <summary>Age in decades as IWPC codes it: 10–19 → 1 … 90+ → 9.</summary>
    public static int AgeDecades(double ageYears) => Math.Clamp((int)Math.Floor(ageYears / 10), 1, 9);

    /// <summary>Weekly dose (mg) = (5.6044 − 0.2614·decades + 0.0087·height + 0.0128·weight + genotype, race and drug terms)².</summary>
    public static double PharmacogeneticDose(int decades, double heightCm, double weightKg, string race, string vkorc1, string cyp2c9, bool enzymeInducer, bool amiodarone)
    {
        var s = 5.6044 - (0.2614 * decades) + (0.0087 * heightCm) + (0.0128 * weightKg);
        s += vkorc1 switch
        {
            "G/G" => 0,
            "A/G" => -0.8677,
            "A/A" => -1.6974,
            _ => -0.4854,
        };
        s += cyp2c9 switch
        {
            "*1/*1" => 0,
            "*1/*2" => -0.5211,
            "*1/*3" => -0.9357,
            "*2/*2" => -1.0616,
            "*2/*3" => -1.9206,
            "*3/*3" => -2.3312,
            _ => -0.2188,
        };
        s += race switch
        {
            "asian" => -0.1092,
            "black" => -0.2760,
            "mixed-or-missing" => -0.1032,
            _ => 0,
        };
        if (enzymeInducer)
            s += 1.1816;
        if (amiodarone)
            s -= 0.5503;
        return s * s;
    }

    /// <summary>Weekly dose (mg) = (4.0376 − 0.2546·decades + 0.0118·height + 0.0134·weight + race and drug terms)².</summary>
    public static double ClinicalDose(int decades, double heightCm, double weightKg, string race, bool enzymeInducer, bool amiodarone)
    {
        var s = 4.0376 - (0.2546 * decades) + (0.0118 * heightCm) + (0.0134 * weightKg);
        s += race switch
        {
            "asian" => -0.6752,
            "black" => 0.4060,
            "mixed-or-missing" => 0.0443,
            _ => 0,
        };
        if (enzymeInducer)
            s += 1.2799;
        if (amiodarone)
            s -= 0.5695;
        return s * s;
    }

    /// <summary>
    /// IWPC's imputation of VKORC1 -1639 from linked SNPs when it was not typed (NEJM 2009 supplement):
    /// rs2359612 and rs8050894 only outside Black and mixed/missing race, rs9934438 in everyone. Genotypes are
    /// given as in the IWPC file (C/T…); returns "unknown" when nothing applies.
    /// </summary>
    public static string ImputeVkorc1(string race, string? rs2359612, string? rs9934438, string? rs8050894)
    {
        var linkageHolds = race is "white" or "asian";
        if (linkageHolds && Map(rs2359612, "C/C", "C/T", "T/T") is { } a)
            return a;
        if (Map(rs9934438, "C/C", "C/T", "T/T") is { } b)
            return b;
        if (linkageHolds && Map(rs8050894, "G/G", "C/G", "C/C") is { } c)
            return c;
        return "unknown";

        static string? Map(string? g, string gg, string ag, string aa) =>
            g == gg ? "G/G" : g == ag ? "A/G" : g == aa ? "A/A" : null;
    }
}
