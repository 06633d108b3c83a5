using Precis.Core;

namespace Precis.Prediction.Reference;

/// <summary>
/// ACC/AHA Pooled Cohort Equations (Goff et al. 2013): 10-year risk of a first hard ASCVD event
/// (coronary death, non-fatal MI, fatal or non-fatal stroke) for adults 40–79 without clinical ASCVD.
/// </summary>
public sealed class PooledCohortEquations : IReferenceModel
{
    /// <summary>The four sex- and race-specific equation sets (Goff 2013, Table A of the risk-assessment report).</summary>
    internal sealed record EquationSet(
        string Name,
        double LnAge,
        double LnAgeSquared,
        double LnTotalCholesterol,
        double LnAgeLnTotalCholesterol,
        double LnHdl,
        double LnAgeLnHdl,
        double LnTreatedSbp,
        double LnAgeLnTreatedSbp,
        double LnUntreatedSbp,
        double LnAgeLnUntreatedSbp,
        double Smoker,
        double LnAgeSmoker,
        double Diabetes,
        double BaselineSurvival,
        double MeanSum);

    internal static readonly EquationSet WhiteWomen = new("white women", -29.799, 4.884, 13.540, -3.114, -13.578, 3.149, 2.019, 0, 1.957, 0, 7.574, -1.665, 0.661, 0.9665, -29.18);
    internal static readonly EquationSet AfricanAmericanWomen = new("African-American women", 17.114, 0, 0.940, 0, -18.920, 4.475, 29.291, -6.432, 27.820, -6.087, 0.691, 0, 0.874, 0.9533, 86.61);
    internal static readonly EquationSet WhiteMen = new("white men", 12.344, 0, 11.853, -2.664, -7.990, 1.769, 1.797, 0, 1.764, 0, 7.837, -1.795, 0.658, 0.9144, 61.18);
    internal static readonly EquationSet AfricanAmericanMen = new("African-American men", 2.469, 0, 0.302, 0, -0.307, 0, 1.916, 0, 1.809, 0, 0.549, 0, 0.645, 0.8954, 19.54);

    private static readonly string[] Sexes = ["female", "male"];
    private static readonly string[] Races = ["white", "african-american", "other"];

    public ModelCard Card { get; } = new(
        "pce",
        "ACC/AHA Pooled Cohort Equations",
        "2013 (Goff et al.)",
        "10-year risk of a first hard atherosclerotic cardiovascular event (%)",
        "Adults aged 40–79 without clinical ASCVD (primary prevention), total cholesterol 130–320 mg/dL, HDL 20–100 mg/dL, systolic BP 90–200 mm Hg",
        [
            new("age", "Age", "years", 40, 79),
            new("sex", "Sex", "female|male"),
            new("race", "Race (other uses the white equations)", "white|african-american|other"),
            new("total_cholesterol", "Total cholesterol", "mg/dL", 130, 320),
            new("hdl", "HDL cholesterol", "mg/dL", 20, 100),
            new("sbp", "Systolic blood pressure", "mm[Hg]", 90, 200),
            new("bp_treated", "On treatment for high blood pressure", "yes/no"),
            new("smoker", "Current smoker", "yes/no"),
            new("diabetes", "Diabetes", "yes/no"),
            new("ascvd", "History of clinical ASCVD (coronary disease, stroke/TIA, peripheral arterial disease)", "yes/no"),
        ],
        [new Citation("doi:10.1161/01.cir.0000437741.48606.98", "2013 ACC/AHA Guideline on the Assessment of Cardiovascular Risk", new Uri("https://doi.org/10.1161/01.cir.0000437741.48606.98"), "ACC/AHA", 2013)],
        "Public equations (published coefficients)");

    public RiskPrediction Predict(RiskInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var r = new InputReader(Card, inputs);
        var ascvd = r.Flag("ascvd");
        if (ascvd)
            r.Exclude("the Pooled Cohort Equations are for primary prevention: this person has clinical ASCVD (secondary prevention), so a 10-year first-event risk does not apply");
        var age = r.Number("age");
        var sex = r.Category("sex", Sexes);
        var race = r.Category("race", Races);
        var tc = r.Number("total_cholesterol");
        var hdl = r.Number("hdl");
        var sbp = r.Number("sbp");
        var treated = r.Flag("bp_treated");
        var smoker = r.Flag("smoker");
        var diabetes = r.Flag("diabetes");
        if (r.Problem is not null)
            return r.Result(double.NaN, "%");

        var set = (sex, race) switch
        {
            ("female", "african-american") => AfricanAmericanWomen,
            ("female", _) => WhiteWomen,
            (_, "african-american") => AfricanAmericanMen,
            _ => WhiteMen,
        };
        if (race == "other")
            r.Notes.Add("race 'other': the guideline advises the white equations, which may over- or under-estimate risk");
        r.Notes.Add("equation set: " + set.Name);
        return r.Result(100 * Risk(set, age, tc, hdl, sbp, treated, smoker, diabetes), "%");
    }

    /// <summary>The 10-year risk (0–1) from one equation set: 1 − S10^exp(Σβx − mean).</summary>
    internal static double Risk(EquationSet s, double age, double tc, double hdl, double sbp, bool treated, bool smoker, bool diabetes) =>
        1 - Math.Pow(s.BaselineSurvival, Math.Exp(IndividualSum(s, age, tc, hdl, sbp, treated, smoker, diabetes) - s.MeanSum));

    /// <summary>The individual sum Σβx, which the publication's worked example lists.</summary>
    internal static double IndividualSum(EquationSet s, double age, double tc, double hdl, double sbp, bool treated, bool smoker, bool diabetes)
    {
        var la = Math.Log(age);
        var ltc = Math.Log(tc);
        var lhdl = Math.Log(hdl);
        var lsbp = Math.Log(sbp);
        var sum = (s.LnAge * la) + (s.LnAgeSquared * la * la) + (s.LnTotalCholesterol * ltc) + (s.LnAgeLnTotalCholesterol * la * ltc)
            + (s.LnHdl * lhdl) + (s.LnAgeLnHdl * la * lhdl);
        sum += treated
            ? (s.LnTreatedSbp * lsbp) + (s.LnAgeLnTreatedSbp * la * lsbp)
            : (s.LnUntreatedSbp * lsbp) + (s.LnAgeLnUntreatedSbp * la * lsbp);
        if (smoker)
            sum += s.Smoker + (s.LnAgeSmoker * la);
        if (diabetes)
            sum += s.Diabetes;
        return sum;
    }
}
