using Precis.Core;
using Precis.Knowledge;
using Precis.Plans.Reasoning;
using Precis.Reporting;
using Precis.Testing;

namespace Precis.Plans.Tests;

public class SyntheaPlanTests
{
    [SkippableFact]
    public void Thirty_synthea_patients_with_synthetic_genotypes_get_plans_whose_actions_cite_sources_and_name_record_entries_in_their_bundle()
    {
        var dir = TestPaths.Shared("clinical/fhir-r4/synthea");
        var bundles = Directory.GetFiles(dir, "synthea-r4-*.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(30, bundles.Count);
        var tmp = TestPaths.TempDir();
        var knowledge = KnowledgeCatalog.Embedded();
        var validator = new JsonSchemaValidator(PlanJson.Schema());
        var now = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        int conflicts = 0, reasoning = 0, named = 0;

        for (var i = 0; i < bundles.Count; i++)
        {
            var vcf = Path.Combine(tmp, $"syn-{i + 1:00}.vcf");
            var known = SyntheticGenotypes.Write(vcf, seed: 1000 + i, sampleId: $"SYN-{i + 1:00}");
            var plan = PlanComposer.Compose([new PlanInput("germline-vcf", vcf), new PlanInput("fhir-bundle", bundles[i])], knowledge, now, "precis", "test", new Progress<ProgressUpdate>());
            var ids = BundleIds.Of(bundles[i]);
            var file = Path.GetFileName(bundles[i]);

            // The genotypes reached the plan as generated.
            Assert.Equal($"CYP2C19 {known.Cyp2c19}", plan.Findings.Single(f => f.Id == "pgx:CYP2C19:diplotype").Summary.Split(';')[0]);
            Assert.Equal($"SLCO1B1 {known.Slco1b1}", plan.Findings.Single(f => f.Id == "pgx:SLCO1B1:diplotype").Summary.Split(';')[0]);

            // No action without a citation; every reasoning action names record entries of this bundle or findings of this plan.
            Assert.All(plan.Recommendations, r => Assert.True(r.Citations.Count > 0 && r.Rationale.Count > 0, $"{file}: {r.Id} lacks a citation or rationale"));
            foreach (var r in plan.Recommendations.Where(r => r.Engine == ReasoningContext.Engine))
            {
                reasoning++;
                var refs = r.Rationale.SelectMany(s => BundleIds.ReferencesIn(s.Statement)).ToList();
                Assert.True(refs.Count > 0 || r.FindingIds.Count > 0, $"{file}: {r.Id} names neither a record entry nor a finding");
                Assert.All(refs, x => Assert.True(ids.Contains(x), $"{file}: {r.Id} names {x}, which is not in the bundle"));
                named += refs.Count > 0 ? 1 : 0;
            }

            foreach (var c in plan.Conflicts.Where(c => c.Kind is not null))
            {
                conflicts++;
                Assert.NotEmpty(c.RecordEntries!);
                Assert.All(c.RecordEntries!, x => Assert.True(ids.Contains(x), $"{file}: conflict {c.Subject} names {x}, which is not in the bundle"));
            }

            // A drug-gene conflict exists exactly when the patient takes the drug and the genotype is not the reference one.
            var ingredients = plan.Patient.CurrentMedications.Select(m => m.Ingredient).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.Equal(ingredients.Contains("clopidogrel") && known.Cyp2c19 != "*1/*1", plan.Recommendations.Any(r => r.Id == "conflict:clopidogrel:CYP2C19"));
            Assert.Equal(ingredients.Contains("simvastatin") && known.Slco1b1 != "*1/*1", plan.Recommendations.Any(r => r.Id == "conflict:simvastatin:SLCO1B1"));

            Assert.Empty(validator.Validate(PlanJson.Serialize(plan)));
        }

        // The cohort exercises the reasoning: conflicts and record-naming actions occur, not only empty plans.
        Assert.True(conflicts >= 3, $"only {conflicts} conflicts across 30 patients");
        Assert.True(named >= 10, $"only {named} of {reasoning} reasoning actions name record entries");
    }
}
