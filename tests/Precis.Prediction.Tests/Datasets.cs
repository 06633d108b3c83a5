using System.IO.Compression;
using Precis.Prediction.Data;
using Precis.Prediction.Learners;
using Precis.Testing;

namespace Precis.Prediction.Tests;

/// <summary>The real datasets of ../shared/data/ml, loaded as the baselines (baselines_sklearn121.csv) describe them.</summary>
internal static class Datasets
{
    private static readonly HashSet<string> Missing = ["", "?", "NA"];

    public static Dataset Pima() => TabularLoader.Load(
        CsvTable.ReadFile(TestPaths.Shared("ml/pima/pima-indians-diabetes.csv")),
        new TabularSpec("target", null, ["NumTimesPrg", "PlGlcConc", "BloodP", "SkinThick", "TwoHourSerIns", "BMI", "DiPedFunc", "Age"], [], Missing),
        "pima");

    public static Dataset Cleveland()
    {
        var t = CsvTable.ReadFile(TestPaths.Shared("ml/uci_heart_cleveland/processed.cleveland.reconstructed.data"), hasHeader: false);
        return TabularLoader.Load(t, new TabularSpec("V14", v => v == "0" ? 0 : 1, [.. Enumerable.Range(1, 13).Select(i => "V" + i)], [], Missing), "cleveland")
            with { FeatureNames = ["age", "sex", "cp", "trestbps", "chol", "fbs", "restecg", "thalach", "exang", "oldpeak", "slope", "ca", "thal"] };
    }

    public static Dataset Wdbc()
    {
        var t = CsvTable.ReadFile(TestPaths.Shared("ml/uci_wdbc/darenr_breast_cancer.csv"));
        return TabularLoader.Load(t, new TabularSpec("diagnosis", v => v == "M" ? 1 : 0, [.. t.Header.Skip(2)], [], Missing), "wdbc");
    }

    /// <summary>Heart failure without follow-up time, which leaks the outcome.</summary>
    public static Dataset HeartFailure()
    {
        var t = CsvTable.ReadFile(TestPaths.Shared("ml/heart_failure/heart_failure_clinical_records_dataset.csv"));
        return TabularLoader.Load(t, new TabularSpec("DEATH_EVENT", null, [.. t.Header.Where(h => h is not ("time" or "DEATH_EVENT"))], [], Missing), "heart_failure");
    }

    /// <summary>Diabetes 130-US hospitals: readmission within 30 days, from admission-time and stay variables.</summary>
    public static Dataset Diabetes130()
    {
        var zip = TestPaths.Shared("ml/uci_diabetes130/dataset_diabetes.zip");
        using var archive = ZipFile.OpenRead(zip);
        var entry = archive.GetEntry("dataset_diabetes/diabetic_data.csv") ?? throw new InvalidOperationException("diabetic_data.csv not in " + zip);
        using var reader = new StreamReader(entry.Open());
        var t = CsvTable.Read(reader, zip + "!diabetic_data.csv");
        string[] numeric = ["time_in_hospital", "num_lab_procedures", "num_procedures", "num_medications", "number_outpatient", "number_emergency", "number_inpatient", "number_diagnoses"];
        string[] categorical =
        [
            "race", "gender", "age", "admission_type_id", "discharge_disposition_id", "admission_source_id", "max_glu_serum", "A1Cresult",
            "metformin", "glipizide", "glyburide", "pioglitazone", "rosiglitazone", "insulin", "change", "diabetesMed", "medical_specialty",
        ];
        return TabularLoader.Load(t, new TabularSpec("readmitted", v => v == "<30" ? 1 : 0, numeric, categorical, new HashSet<string>(["NA"]), MaxLevels: 20, GroupColumn: "race"), "diabetes130");
    }
}
