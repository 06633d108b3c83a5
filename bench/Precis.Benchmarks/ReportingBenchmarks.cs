using BenchmarkDotNet.Attributes;
using Precis.Core;
using Precis.Knowledge;
using Precis.Plans;
using Precis.Reporting;

namespace Precis.Benchmarks;

/// <summary>Cost of rendering a plan with many recommendations and of loading the embedded knowledge.</summary>
[MemoryDiagnoser]
public class ReportingBenchmarks
{
    private Plan _plan = null!;

    [Params(10, 200)]
    public int Recommendations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var b = new PlanBuilder(new PatientSummary { Id = "bench", DisplayName = "Bench Patient" });
        var cite = new Citation("PMID:1", "Guideline");
        for (var i = 0; i < Recommendations; i++)
        {
            b.AddRecommendation(new Recommendation
            {
                Id = "r" + i,
                Engine = "bench",
                Action = (RecommendationAction)(i % 10),
                Subject = new RecommendationSubject(SubjectKind.Drug, "drug " + i),
                Strength = RecommendationStrength.Strong,
                Evidence = new EvidenceLevel(EvidenceScheme.Cpic, "A"),
                Source = new SourceReference("kb", "1", "e" + i),
                ClinicianText = "Clinician text for recommendation " + i,
                PatientText = "Patient text " + i,
                Rationale = [new RationaleStep(RationaleStepKind.Call, "call"), new RationaleStep(RationaleStepKind.Rule, "rule")],
                Citations = [cite],
            });
        }

        _plan = b.Build("precis", "bench", DateTimeOffset.UnixEpoch);
    }

    [Benchmark]
    public string Json() => PlanJson.Serialize(_plan);

    [Benchmark]
    public string Html() => PlanHtml.Render(_plan);

    [Benchmark]
    public int LoadEmbeddedKnowledge() => KnowledgeCatalog.Embedded().Bases.Count;
}
