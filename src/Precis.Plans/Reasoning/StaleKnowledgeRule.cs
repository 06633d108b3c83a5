using System.Globalization;
using Precis.Core;

namespace Precis.Plans.Reasoning;

/// <summary>
/// Flags every knowledge base whose content date is older than <see cref="StaleAfterMonths"/> months at report time:
/// guidelines such as CPIC and the oncology labels change several times a year, so an old base may miss a newer
/// recommendation. The plan lists it under "not assessed" with the base's date; nothing is withheld.
/// </summary>
public sealed class StaleKnowledgeRule : IPlanRule
{
    /// <summary>Months after which a knowledge base is reported as possibly stale.</summary>
    public const int StaleAfterMonths = 12;

    public string Id => "stale-knowledge";

    public void Apply(ReasoningContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var today = DateOnly.FromDateTime(context.Inputs.Now.UtcDateTime);
        foreach (var k in context.Builder.Knowledge)
        {
            if (!DateOnly.TryParseExact(k.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                context.Builder.AddNotAssessed(new NotAssessed("knowledge", $"{k.Id} {k.Version}", $"the knowledge base's date '{k.Date}' is not an ISO date, so its currency could not be checked"));
                continue;
            }

            if (date.AddMonths(StaleAfterMonths) < today)
            {
                var months = ((today.Year - date.Year) * 12) + today.Month - date.Month;
                context.Builder.AddNotAssessed(new NotAssessed("knowledge", $"{k.Id} {k.Version}",
                    $"stale knowledge: dated {k.Date}, {months} months before this report (limit {StaleAfterMonths}); newer guidance may exist — place a newer base in the knowledge directory ($PRECIS_KB_DIR)"));
            }
        }
    }
}
