using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Precis.Server.CdsHooks;

/// <summary>A CDS service in discovery (CDS Hooks 2.0 §Discovery).</summary>
public sealed record CdsServiceDescriptor(string Hook, string Title, string Id, string Description, IReadOnlyDictionary<string, string>? Prefetch, string? UsageRequirements = null);

/// <summary>The discovery document.</summary>
public sealed record CdsDiscovery(IReadOnlyList<CdsServiceDescriptor> Services);

/// <summary>A coding (system, code, display).</summary>
public sealed record CdsCoding(string System, string Code, string? Display = null);

/// <summary>Where a card's information comes from.</summary>
public sealed record CdsSource(string Label, string? Url = null, CdsCoding? Topic = null);

/// <summary>A change to the draft orders: create, update or delete.</summary>
public sealed record CdsAction(string Type, string Description, JsonObject? Resource = null, string? ResourceId = null);

/// <summary>A suggested set of actions.</summary>
public sealed record CdsSuggestion(string Label, string Uuid, bool? IsRecommended, IReadOnlyList<CdsAction> Actions);

/// <summary>A link from a card (absolute URL or SMART app).</summary>
public sealed record CdsLink(string Label, string Url, string Type, string? AppContext = null);

/// <summary>One card (CDS Hooks 2.0 §Card attributes).</summary>
public sealed record CdsCard(
    string Uuid,
    string Summary,
    string? Detail,
    string Indicator,
    CdsSource Source,
    IReadOnlyList<CdsSuggestion>? Suggestions = null,
    string? SelectionBehavior = null,
    IReadOnlyList<CdsCoding>? OverrideReasons = null,
    IReadOnlyList<CdsLink>? Links = null);

/// <summary>A service response.</summary>
public sealed record CdsResponse(IReadOnlyList<CdsCard> Cards);

/// <summary>JSON settings for CDS Hooks bodies: camelCase, nulls left out.</summary>
public static class CdsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
