using Microsoft.EntityFrameworkCore;
using Precis.Reporting;
using Precis.Server.Security;
using Precis.Storage;

namespace Precis.Server.Services;

/// <summary>De-identified aggregates: phenotype counts over each patient's latest plan, small cells suppressed.</summary>
public sealed class ResearchService(AuditedAccess audited) : IResearchService
{
    /// <summary>Counts below this are reported as null (suppressed), so no single patient can be picked out.</summary>
    public const int MinimumCellSize = 5;

    public async Task<ServiceResult<IReadOnlyList<PhenotypeCount>>> PhenotypeCountsAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Role != Roles.Researcher || !caller.HasScope("Aggregate", "read"))
        {
            await audited.DeniedAsync(caller, "read", "aggregate/phenotypes", null, cancellationToken);
            return ServiceResult<IReadOnlyList<PhenotypeCount>>.Fail(ServiceStatus.Forbidden, "aggregates are for the researcher role");
        }

        var plans = await audited.Db.Plans.AsNoTracking().Select(p => new { p.PatientId, p.CreatedAt, p.Json }).ToListAsync(cancellationToken);
        var counts = plans.GroupBy(p => p.PatientId).Select(g => g.OrderByDescending(p => p.CreatedAt).First())
            .SelectMany(p => PlanJson.Deserialize(p.Json).Findings.Where(f => f.Kind == "phenotype" && f.Details.ContainsKey("phenotype"))
                .Select(f => (Gene: f.Subject, Phenotype: f.Details["phenotype"])).Distinct())
            .GroupBy(x => x)
            .Select(g => new PhenotypeCount(g.Key.Gene, g.Key.Phenotype, g.Count() >= MinimumCellSize ? g.Count() : null))
            .OrderBy(c => c.Gene, StringComparer.Ordinal).ThenBy(c => c.Phenotype, StringComparer.Ordinal)
            .ToList();
        await audited.ReadAsync(caller, "aggregate/phenotypes", null, cancellationToken);
        return counts;
    }
}
