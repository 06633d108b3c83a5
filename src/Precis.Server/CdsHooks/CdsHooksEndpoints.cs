using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Precis.Core;
using Precis.Reporting;
using Precis.Storage;

namespace Precis.Server.CdsHooks;

/// <summary>CDS Hooks 2.0 services: discovery, order-select, order-sign, patient-view and feedback.</summary>
public static class CdsHooksEndpoints
{
    /// <summary>Service ids and their hooks.</summary>
    public const string OrderSelect = "precis-pgx-order-select";
    public const string OrderSign = "precis-pgx-order-sign";
    public const string PatientView = "precis-plan-patient-view";

    private const string MaxBody = "256 KiB";
    private const int MaxBodyBytes = 256 * 1024;

    private static readonly Dictionary<string, string> Prefetch = new(StringComparer.Ordinal)
    {
        ["patient"] = "Patient/{{context.patientId}}",
        ["pgxGenotypes"] = "Observation?patient={{context.patientId}}&code=http://loinc.org|84413-4&status=final",
        ["pgxImplications"] = "Observation?patient={{context.patientId}}&code=http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs|therapeutic-implication&status=final",
    };

    /// <summary>The discovery document.</summary>
    public static CdsDiscovery Discovery { get; } = new([
        new CdsServiceDescriptor("order-select", "Precis pharmacogenomic check (order select)", OrderSelect,
            "Pharmacogenomic cards (CPIC/DPWG) for the medication being selected, from the patient's stored Precis plan or prefetched genotype Observations.", Prefetch),
        new CdsServiceDescriptor("order-sign", "Precis pharmacogenomic check (order sign)", OrderSign,
            "Pharmacogenomic cards (CPIC/DPWG) for draft medication orders before signing, with alternatives and dose changes.", Prefetch),
        new CdsServiceDescriptor("patient-view", "Precis plan summary", PatientView,
            "Summarises the patient's Precis plan: the most urgent recommendations, with a link to the full plan.",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["patient"] = "Patient/{{context.patientId}}" }),
    ]);

    public static IServiceCollection AddCdsHooks(this IServiceCollection services)
    {
        services.AddSingleton<PgxCards>();
        services.AddSingleton<CdsClientAuthenticator>();
        return services;
    }

    public static IEndpointRouteBuilder MapCdsHooks(this IEndpointRouteBuilder app)
    {
        // CDS clients authenticate with their own JWTs (not user tokens), so these routes allow anonymous users.
        app.MapGet("/cds-services", () => Results.Json(Discovery, CdsJson.Options)).AllowAnonymous().WithSummary("CDS Hooks discovery");
        app.MapPost("/cds-services/{id}", Invoke).AllowAnonymous().WithSummary("Call a CDS service (order-select, order-sign, patient-view)");
        app.MapPost("/cds-services/{id}/feedback", Feedback).AllowAnonymous().WithSummary("Card feedback (accepted / overridden)");
        return app;
    }

    private static async Task<IResult> Invoke(string id, HttpContext http, PgxCards cards, CdsClientAuthenticator auth, PrecisDbContext db, AuditLog audit,
        IOptions<PrecisServerOptions> options, CancellationToken ct)
    {
        var service = Discovery.Services.FirstOrDefault(s => s.Id == id);
        if (service is null)
            return Error(404, $"no CDS service '{id}'; see /cds-services");
        var (client, authError) = await auth.AuthenticateAsync(http.Request.Headers.Authorization.FirstOrDefault(), ServiceUrl(http, options.Value, id), ct);
        if (client is null)
            return Error(401, authError!);
        var (body, bodyError) = await ReadBodyAsync(http, ct);
        if (body is null)
            return Error(bodyError == MaxBody ? 413 : 400, bodyError!);

        CdsRequest request;
        try
        {
            request = CdsRequestParser.Parse(body, service.Hook);
        }
        catch (CdsRequestException e)
        {
            return Error(400, e.Message);
        }
        catch (InvalidOperationException)
        {
            return Error(400, "a field has the wrong JSON type (strings expected for ids, codes and systems)");
        }

        // One connection for the call's queries and its audit entry (opening a SQLite connection registers EF's functions each time).
        await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.OpenConnectionAsync(db.Database, ct);
        try
        {
            var profile = await cards.ProfileAsync(db, request.PatientId, request.Prefetch, ct);
            var planUrl = profile.PlanId is { } planId ? $"{BaseUrl(http, options.Value)}/api/plans/{planId:D}?format=html" : null;
            IReadOnlyList<CdsCard> result = service.Hook == "patient-view"
                ? await PatientViewAsync(db, profile, planUrl, ct)
                : cards.ForOrders(profile, request.Medications, planUrl);
            await audit.AppendAsync(db, new AuditEvent(client, "cds-client", "cds-" + service.Hook, $"cds-services/{id}", profile.PatientId, "allowed"), ct);
            return Results.Json(new CdsResponse(result), CdsJson.Options);
        }
        finally
        {
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.CloseConnectionAsync(db.Database);
        }
    }

    private static async Task<IReadOnlyList<CdsCard>> PatientViewAsync(PrecisDbContext db, PgxProfile profile, string? planUrl, CancellationToken ct)
    {
        if (profile.PlanId is not { } planId)
            return [];
        var json = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            System.Linq.Queryable.Select(System.Linq.Queryable.Where(db.Plans, p => p.Id == planId), p => p.Json), ct);
        var plan = PlanJson.Deserialize(json);
        var urgent = plan.Recommendations.Where(r => PgxCards.Indicator(r.Action) is "critical" or "warning").ToList();
        var indicator = urgent.Any(r => r.Action == RecommendationAction.Avoid) ? "critical" : urgent.Count > 0 ? "warning" : "info";
        var lines = plan.Recommendations.Take(5).Select(r => $"- **{PlanHtml.ActionLabel(r.Action)}** {r.Subject.Name}: {r.ClinicianText}");
        var summary = $"Precis plan: {plan.Recommendations.Count} recommendation(s), {urgent.Count} needing a change; {plan.NotAssessed.Count} item(s) not assessed";
        var detail = string.Join('\n', lines) + (plan.NotAssessed.Count > 0 ? $"\n\nNot assessed: {string.Join("; ", plan.NotAssessed.Take(5).Select(n => n.Subject))}" : "");
        var links = planUrl is null ? null : new[] { new CdsLink("Open the Precis plan", planUrl, "absolute") };
        return [new CdsCard(Guid.NewGuid().ToString(), summary.Length > 140 ? summary[..139] + "…" : summary, detail, indicator,
            new CdsSource($"Precis plan {planId:D} ({plan.Provenance.GeneratedAt:yyyy-MM-dd})", planUrl), Links: links)];
    }

    private static async Task<IResult> Feedback(string id, HttpContext http, CdsClientAuthenticator auth, PrecisDbContext db, AuditLog audit,
        IOptions<PrecisServerOptions> options, CancellationToken ct)
    {
        if (Discovery.Services.All(s => s.Id != id))
            return Error(404, $"no CDS service '{id}'");
        var (client, authError) = await auth.AuthenticateAsync(http.Request.Headers.Authorization.FirstOrDefault(), ServiceUrl(http, options.Value, id) + "/feedback", ct);
        if (client is null)
            return Error(401, authError!);
        var (body, bodyError) = await ReadBodyAsync(http, ct);
        if (body is null)
            return Error(400, bodyError!);
        JsonArray items;
        try
        {
            if (JsonNode.Parse(body)?["feedback"] is not JsonArray a || a.Count == 0)
                return Error(400, "feedback: required, a non-empty array");
            items = a;
        }
        catch (JsonException)
        {
            return Error(400, "the body is not valid JSON");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var f = items[i] as JsonObject;
            var card = f?["card"]?.GetValueKind() == JsonValueKind.String ? f["card"]!.GetValue<string>() : null;
            var outcome = f?["outcome"]?.GetValueKind() == JsonValueKind.String ? f["outcome"]!.GetValue<string>() : null;
            if (card is null || !Guid.TryParse(card, out var cardId))
                return Error(400, $"feedback[{i}].card: required, the card's uuid");
            if (outcome is not ("accepted" or "overridden"))
                return Error(400, $"feedback[{i}].outcome: 'accepted' or 'overridden'");
            if (f!["outcomeTimestamp"]?.GetValueKind() != JsonValueKind.String || !DateTimeOffset.TryParse(f["outcomeTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _))
                return Error(400, $"feedback[{i}].outcomeTimestamp: required, an ISO 8601 instant");
            if (outcome == "accepted" && f["acceptedSuggestions"] is not JsonArray)
                return Error(400, $"feedback[{i}].acceptedSuggestions: required when the outcome is accepted");
            await audit.AppendAsync(db, new AuditEvent(client, "cds-client", "cds-feedback-" + outcome, $"cds-services/{id}/card/{cardId:D}", null, "allowed"), ct);
        }

        return Results.Ok();
    }

    private static async Task<(string? Body, string? Error)> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, "Content-Type must be application/json");
        if (http.Request.ContentLength > MaxBodyBytes)
            return (null, MaxBody);
        // Read in pooled chunks up to the limit: a 256 KiB buffer per call would be a large-object allocation per
        // request, and at hundreds of calls a second those force full garbage collections.
        using var reader = new StreamReader(http.Request.Body);
        var text = new StringBuilder();
        var chunk = ArrayPool<char>.Shared.Rent(8192);
        try
        {
            int n;
            while ((n = await reader.ReadAsync(chunk.AsMemory(), ct)) > 0)
            {
                if (text.Length + n > MaxBodyBytes)
                    return (null, MaxBody);
                text.Append(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chunk);
        }

        return text.Length == 0 ? (null, "the body is empty") : (text.ToString(), null);
    }

    private static string BaseUrl(HttpContext http, PrecisServerOptions o) =>
        (o.PublicBaseUrl ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}").TrimEnd('/');

    private static string ServiceUrl(HttpContext http, PrecisServerOptions o, string id) => $"{BaseUrl(http, o)}/cds-services/{id}";

    private static IResult Error(int status, string reason) =>
        Results.Json(new { error = reason }, CdsJson.Options, statusCode: status);
}
