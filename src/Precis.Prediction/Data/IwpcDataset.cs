using System.Globalization;
using Precis.Prediction.Reference;

namespace Precis.Prediction.Data;

/// <summary>One IWPC patient with the variables the IWPC equations use and the observed stable dose.</summary>
/// <param name="Race">IWPC race group: white, asian, black, mixed-or-missing.</param>
/// <param name="AgeDecades">IWPC age decade (1–9).</param>
/// <param name="HeightCm">Height (cm).</param>
/// <param name="WeightKg">Weight (kg).</param>
/// <param name="Vkorc1">VKORC1 -1639 genotype after IWPC's imputation from linked SNPs, or "unknown".</param>
/// <param name="Cyp2c9">CYP2C9 genotype among *1/*2/*3 combinations, or "unknown" (rare alleles count as unknown).</param>
/// <param name="EnzymeInducer">On carbamazepine, phenytoin, rifampin or rifampicin.</param>
/// <param name="Amiodarone">On amiodarone.</param>
/// <param name="DoseMgPerWeek">Observed stable therapeutic dose.</param>
public sealed record IwpcPatient(
    string Race,
    int AgeDecades,
    double HeightCm,
    double WeightKg,
    string Vkorc1,
    string Cyp2c9,
    bool EnzymeInducer,
    bool Amiodarone,
    double DoseMgPerWeek);

/// <summary>
/// Reads the IWPC warfarin file as PharmGKB distributes it (one row per patient, "Age" as "60 - 69") and keeps the
/// complete cases the IWPC paper analysed: age, height, weight and therapeutic dose all present.
/// </summary>
public static class IwpcDataset
{
    private static readonly string[] KnownCyp2c9 = ["*1/*1", "*1/*2", "*1/*3", "*2/*2", "*2/*3", "*3/*3"];

    public static IReadOnlyList<IwpcPatient> ReadCompleteCases(string path)
    {
        var t = CsvTable.ReadFile(path);
        int age = t.Column("Age"), height = t.Column("Height (cm)"), weight = t.Column("Weight (kg)"),
            dose = t.Column("Therapeutic Dose of Warfarin"), race = t.Column("Race"),
            vk = t.Column("VKORC1 -1639 consensus"), v2255 = t.Column("VKORC1 2255 consensus"),
            v1173 = t.Column("VKORC1 1173 consensus"), v1542 = t.Column("VKORC1 1542 consensus"),
            cyp = t.Column("Cyp2C9 genotypes"), carb = t.Column("Carbamazepine (Tegretol)"),
            phen = t.Column("Phenytoin (Dilantin)"), rif = t.Column("Rifampin or Rifampicin"), amio = t.Column("Amiodarone (Cordarone)");
        var result = new List<IwpcPatient>();
        foreach (var row in t.Rows)
        {
            if (row[age] is not { Length: > 0 } a || !char.IsAsciiDigit(a[0]) || !TryNumber(row[height], out var h) || !TryNumber(row[weight], out var w) || !TryNumber(row[dose], out var d))
                continue;
            var r = row[race] switch
            {
                "White" => "white",
                "Asian" => "asian",
                "Black or African American" => "black",
                _ => "mixed-or-missing",
            };
            var vkorc1 = row[vk] is "G/G" or "A/G" or "A/A" ? row[vk] : IwpcWarfarin.ImputeVkorc1(r, row[v2255], row[v1173], row[v1542]);
            var cyp2c9 = KnownCyp2c9.Contains(row[cyp]) ? row[cyp] : "unknown";
            result.Add(new IwpcPatient(r, a[0] - '0', h, w, vkorc1, cyp2c9, row[carb] == "1" || row[phen] == "1" || row[rif] == "1", row[amio] == "1", d));
        }

        return result;
    }

    private static bool TryNumber(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
}
