using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;
using Precis.Testing;

namespace Precis.Server.Tests;

/// <summary>The synthetic demo patient (samples/demo: CYP2C19 *2/*2 on clopidogrel) and its plan, composed once.</summary>
public static class DemoPlan
{
    private static readonly Lazy<string> Json = new(() =>
    {
        var files = new List<PlanInput> { new("fhir-bundle", File("demo.fhir.json")), new("germline-vcf", File("demo.germline.vcf")) };
        // Only the pharmacogenomics contributor: the fixture needs the PGx findings, and the full plan costs ~30 s of CPU
        // (the end-to-end job test runs the full composer through the server).
        var plan = PlanComposer.Compose(files, KnowledgeCatalog.Create(KnowledgeCatalog.DefaultDirectory()), DateTimeOffset.UtcNow, "precis-tests", "0",
            new Progress<ProgressUpdate>(), [new PharmacogenomicsContributor()]);
        return Reporting.PlanJson.Serialize(plan);
    });

    public static string File(string name) => Path.Combine(TestPaths.RepoRoot, "samples", "demo", name);

    public static byte[] Bytes(string name) => System.IO.File.ReadAllBytes(File(name));

    /// <summary>The demo plan's JSON (composed by PlanComposer, as a job would).</summary>
    public static string PlanJson => Json.Value;

    /// <summary>Stores the demo plan for a patient directly, as if a job had run.</summary>
    public static async Task<Guid> StoreAsync(ServerHost host, Guid patient)
    {
        var id = Guid.NewGuid();
        await using var db = host.Db();
        db.Plans.Add(new Storage.PlanEntity { Id = id, PatientId = patient, JobId = Guid.NewGuid(), Json = PlanJson, Provenance = "{}", InputsHash = "test", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return id;
    }
}
