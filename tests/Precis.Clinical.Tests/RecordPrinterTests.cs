using System.Text.Json;
using Precis.Clinical.Fhir;
using Precis.Clinical.Monitoring;
using Precis.Clinical.Record;
using Precis.Testing;

namespace Precis.Clinical.Tests;

public class RecordPrinterTests
{
    [Fact]
    public void Show_lists_the_demo_medications_with_their_ingredient_codes()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.fhir.json");
        var record = PatientRecordBuilder.Build(FhirParser.ReadBundle(path), path, new DateOnly(2026, 11, 22));
        var text = RecordPrinter.Show(record);
        Assert.Contains("Clopidogrel 75 MG Oral Tablet [RxNorm:309362] -> clopidogrel (RxNorm 32968)", text, StringComparison.Ordinal);
        Assert.Contains("Diabetes mellitus type 2", text, StringComparison.Ordinal);
        Assert.Contains("Data quality:", text, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(record, RecordPrinter.Json));
        var meds = json.RootElement.GetProperty("currentMedications");
        Assert.Equal(4, meds.GetArrayLength());
        Assert.Contains(meds.EnumerateArray(), m => m.GetProperty("ingredients")[0].GetProperty("rxCui").GetString() == "32968");
    }

    [Fact]
    public void Monitoring_text_shows_each_target_as_met_or_missed()
    {
        var data = WearableCsvReader.ReadFile(Path.Combine(TestPaths.RepoRoot, "samples/demo/demo.wearable.csv"));
        var text = RecordPrinter.Monitoring("demo.wearable.csv", MonitoringAnalyzer.Analyse(data));
        Assert.Contains("sufficient data", text, StringComparison.Ordinal);
        Assert.Matches(@"Time in range 70–180 mg/dL\s+67\.7 %\s+target > 70 %\s+MISSED", text);
        Assert.Contains("alert [data-gap] no steps readings from 2026-11-10 09:00 to 2026-11-10 18:00", text, StringComparison.Ordinal);
    }
}
