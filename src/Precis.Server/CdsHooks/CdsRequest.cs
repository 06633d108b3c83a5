using System.Text.Json;
using System.Text.Json.Nodes;

namespace Precis.Server.CdsHooks;

/// <summary>A medication being ordered, from context.draftOrders.</summary>
/// <param name="ResourceId">"MedicationRequest/{id}".</param>
/// <param name="RxNormCodes">RxNorm codes of the medication (clinical drug or ingredient).</param>
/// <param name="Text">Display text, for orders coded in other systems.</param>
/// <param name="Resource">The draft resource itself (copied into update actions).</param>
public sealed record DraftMedication(string ResourceId, IReadOnlyList<string> RxNormCodes, string? Text, JsonObject Resource);

/// <summary>A validated hook request: only what the services use.</summary>
public sealed record CdsRequest(
    string Hook,
    string HookInstance,
    string PatientId,
    string? UserId,
    IReadOnlyList<DraftMedication> Medications,
    JsonObject? Prefetch);

/// <summary>A hook request that breaks the spec; the message names the field.</summary>
public sealed class CdsRequestException(string message) : Exception(message);

/// <summary>Parses and checks a hook request body (CDS Hooks 2.0 §HTTP Request and each hook's context).</summary>
public static class CdsRequestParser
{
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

    public static CdsRequest Parse(string body, string expectedHook)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new CdsRequestException($"the body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        if (root is not JsonObject o)
            throw new CdsRequestException("the body must be a JSON object");
        var hook = String(o, "hook", "hook");
        if (hook != expectedHook)
            throw new CdsRequestException($"hook: this service answers '{expectedHook}', the request is for '{hook}'");
        var instance = String(o, "hookInstance", "hookInstance");
        if (o["fhirServer"] is { } server && (server.GetValueKind() != JsonValueKind.String || !Uri.TryCreate(server.GetValue<string>(), UriKind.Absolute, out _)))
            throw new CdsRequestException("fhirServer: must be an absolute URL");
        if (o["fhirAuthorization"] is { } auth && o["fhirServer"] is null)
            throw new CdsRequestException("fhirAuthorization: given without fhirServer");
        if (o["fhirAuthorization"] is JsonObject fa)
        {
            foreach (var f in new[] { "access_token", "token_type", "scope", "subject" })
                _ = String(fa, f, "fhirAuthorization." + f);
        }

        if (o["context"] is not JsonObject context)
            throw new CdsRequestException("context: required object");
        var patientId = String(context, "patientId", "context.patientId");
        var userId = context["userId"]?.GetValueKind() == JsonValueKind.String ? context["userId"]!.GetValue<string>() : null;
        if (hook is "order-select" or "order-sign" && userId is null)
            throw new CdsRequestException($"context.userId: required for {hook}");
        var prefetch = o["prefetch"] switch
        {
            null => null,
            JsonObject p => p,
            _ => throw new CdsRequestException("prefetch: must be an object"),
        };

        var medications = new List<DraftMedication>();
        if (hook is "order-select" or "order-sign")
        {
            if (context["draftOrders"] is not JsonObject draft || draft["resourceType"]?.GetValue<string>() != "Bundle")
                throw new CdsRequestException($"context.draftOrders: required for {hook}, a FHIR Bundle");
            if (draft["entry"] is { } e && e is not JsonArray)
                throw new CdsRequestException("context.draftOrders.entry: must be an array");
            HashSet<string>? selections = null;
            if (hook == "order-select")
            {
                if (context["selections"] is not JsonArray sel || sel.Count == 0)
                    throw new CdsRequestException("context.selections: required for order-select, a non-empty array of 'Type/id'");
                selections = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < sel.Count; i++)
                {
                    if (sel[i]?.GetValueKind() != JsonValueKind.String || !sel[i]!.GetValue<string>().Contains('/', StringComparison.Ordinal))
                        throw new CdsRequestException($"context.selections[{i}]: expected 'Type/id'");
                    selections.Add(sel[i]!.GetValue<string>());
                }
            }

            var entries = draft["entry"] as JsonArray ?? [];
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i]?["resource"] is not JsonObject r || r["resourceType"]?.GetValueKind() != JsonValueKind.String)
                    throw new CdsRequestException($"context.draftOrders.entry[{i}].resource: required, a FHIR resource");
                if (r["resourceType"]!.GetValue<string>() != "MedicationRequest")
                    continue;
                var id = r["id"]?.GetValueKind() == JsonValueKind.String ? r["id"]!.GetValue<string>() : $"entry-{i}";
                var resourceId = "MedicationRequest/" + id;
                if (selections is not null && !selections.Contains(resourceId))
                    continue;
                var codes = new List<string>();
                string? text = null;
                if (r["medicationCodeableConcept"] is JsonObject concept)
                {
                    text = concept["text"]?.GetValue<string>();
                    foreach (var c in concept["coding"] as JsonArray ?? [])
                    {
                        if (c?["system"]?.GetValue<string>() == RxNorm && c["code"]?.GetValue<string>() is { } code)
                            codes.Add(code);
                        text ??= c?["display"]?.GetValue<string>();
                    }
                }

                medications.Add(new DraftMedication(resourceId, codes, text, r));
            }
        }

        return new CdsRequest(hook, instance, patientId, userId, medications, prefetch);
    }

    private static string String(JsonObject o, string name, string path)
    {
        var node = o[name];
        if (node is null)
            throw new CdsRequestException($"{path}: required");
        if (node.GetValueKind() != JsonValueKind.String || node.GetValue<string>().Length == 0)
            throw new CdsRequestException($"{path}: must be a non-empty string");
        return node.GetValue<string>();
    }
}
