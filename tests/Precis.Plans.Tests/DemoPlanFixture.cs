using Precis.Core;
using Precis.Knowledge;
using Precis.Testing;

namespace Precis.Plans.Tests;

/// <summary>The demo patient's plan, composed once for the tests that read it (as `precis demo` composes it).</summary>
public sealed class DemoPlanFixture
{
    public DemoPlanFixture()
    {
        var demo = Path.Combine(TestPaths.RepoRoot, "samples", "demo");
        Files =
        [
            new PlanInput("germline-vcf", Path.Combine(demo, "demo.germline.vcf")),
            new PlanInput("tumour-maf", Path.Combine(demo, "demo.tumour.maf")),
            new PlanInput("fhir-bundle", Path.Combine(demo, "demo.fhir.json")),
            new PlanInput("wearable-csv", Path.Combine(demo, "demo.wearable.csv")),
        ];
        Knowledge = KnowledgeCatalog.Embedded();
        Plan = PlanComposer.Compose(Files, Knowledge, Now, "precis", "test", new Progress<ProgressUpdate>());
    }

    /// <summary>The report time the demo bundle was generated for.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<PlanInput> Files { get; }

    public KnowledgeCatalog Knowledge { get; }

    public Plan Plan { get; }

    public string BundlePath => Files.Single(f => f.Role == "fhir-bundle").Path;
}
