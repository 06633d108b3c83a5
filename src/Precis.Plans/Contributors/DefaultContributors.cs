namespace Precis.Plans;

/// <summary>
/// The contributors of this build. Each engine's issue adds one line here and its contributor in this folder.
/// </summary>
public static class DefaultContributors
{
    public static IReadOnlyList<IPlanContributor> Create() =>
    [
        new PredictionContributor(),
        new MonitoringContributor(),
        new PolygenicRiskContributor(),
        new PharmacogenomicsContributor(),
        new OncologyContributor(),
    ];
}
