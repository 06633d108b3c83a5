using Precis.Clinical.Fhir;

namespace Precis.Clinical.Privacy;

/// <summary>What a consent says about a request.</summary>
public enum ConsentOutcome
{
    /// <summary>The consent permits the request.</summary>
    Permit,
    /// <summary>The consent denies the request.</summary>
    Deny,
    /// <summary>The consent does not decide it (not active, not in force at that time, other scope); look elsewhere, never treat as permit.</summary>
    NotApplicable,
}

/// <summary>A use of the patient's data to be checked against a consent.</summary>
/// <param name="Purpose">Purpose of use, a v3-ActReason code ("HRESCH", "TREAT") or "system|code".</param>
/// <param name="Actor">Who asks, as a reference ("Organization/f001"); null when unknown (then actor-specific rules do not match).</param>
/// <param name="At">When the data would be used.</param>
public sealed record ConsentRequest(string Purpose, string? Actor, DateTimeOffset At)
{
    /// <summary>The action, a consentaction code (access, use, disclose, collect, correct), or null for any.</summary>
    public string? Action { get; init; }

    /// <summary>Data classes asked for (FHIR resource types such as "Observation"); empty when the request is not data-specific.</summary>
    public IReadOnlyList<string> DataClasses { get; init; } = [];

    /// <summary>Codes the asked-for data carry (e.g. "GE" for genetics); empty when not data-specific.</summary>
    public IReadOnlyList<string> DataCodes { get; init; } = [];
}

/// <summary>A rule that decides part of the data differently from the decision, for a request that named no data.</summary>
/// <param name="Outcome">What the rule decides for that data.</param>
/// <param name="RulePath">The provision, e.g. "provision.provision[0]".</param>
/// <param name="Data">The data it covers, e.g. "class MolecularSequence; code GE".</param>
public sealed record ConsentRestriction(ConsentOutcome Outcome, string RulePath, string Data);

/// <summary>The decision with the rule that made it, in words a server can log and show.</summary>
/// <param name="Outcome">Permit, deny or not applicable.</param>
/// <param name="Reason">Why, naming the provision and its conditions.</param>
/// <param name="RulePath">The deciding element, e.g. "provision", "provision.provision[0]", "status".</param>
public sealed record ConsentDecision(ConsentOutcome Outcome, string Reason, string RulePath)
{
    /// <summary>Exceptions for parts of the data (only when the request named no data): apply them when serving.</summary>
    public IReadOnlyList<ConsentRestriction> Restrictions { get; init; } = [];
}

/// <summary>
/// Evaluates a FHIR R4 Consent for a request. The consent decides only when active and, for scope research or treatment,
/// only for purposes of that kind. The root provision is an exception to the base the policy rule sets (OPTIN: permit,
/// OPTOUT: deny): when its actor/purpose/action/data conditions hold, its type decides, otherwise the opposite does; a
/// root provision whose period excludes the time means the consent is not in force (not applicable). Nested provisions
/// are exceptions to their parent and the deepest that applies decides; when sibling exceptions disagree, deny wins.
/// Within a provision, different criteria must all hold and repetitions of one criterion are alternatives; the data
/// criteria (class and code) are alternatives to each other, since both describe the data covered.
/// </summary>
public static class ConsentEvaluator
{
    // Research and treatment purposes with the specialisations a request may name (a subset of v3-ActReason's
    // hierarchy), so "clinical trial research" falls under a consent for "healthcare research".
    private static readonly Dictionary<string, string[]> PurposeParents = new(StringComparer.Ordinal)
    {
        ["CLINTRCH"] = ["HRESCH"], ["BIORCH"] = ["HRESCH"], ["DSRCH"] = ["HRESCH"], ["POARCH"] = ["HRESCH"],
        ["ETREAT"] = ["TREAT"],
    };

    /// <summary>Evaluates the consent for a purpose, an actor and a time (any action, any data).</summary>
    public static ConsentDecision Evaluate(Consent consent, string purpose, string? actor, DateTimeOffset at) =>
        Evaluate(consent, new ConsentRequest(purpose, actor, at));

    /// <summary>Evaluates the consent for a request.</summary>
    public static ConsentDecision Evaluate(Consent consent, ConsentRequest request)
    {
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(request);
        if (consent.Status != "active")
            return new(ConsentOutcome.NotApplicable, $"the consent is {consent.Status ?? "without status"}; only an active consent decides", "status");
        var purpose = Code(request.Purpose);
        var scope = consent.Scope?.Codings.FirstOrDefault(c => c.System == "http://terminology.hl7.org/CodeSystem/consentscope")?.Code;
        var scopeFits = scope switch
        {
            "research" => Purposes(purpose).Contains("HRESCH"),
            "treatment" => Purposes(purpose).Contains("TREAT"),
            "adr" => false,
            _ => true,   // patient-privacy (or none) governs every purpose
        };
        if (!scopeFits)
            return new(ConsentOutcome.NotApplicable, $"the consent's scope is {scope}, which does not govern purpose {purpose}", "scope");

        var policy = consent.PolicyRule?.Codings.Select(c => c.Code).FirstOrDefault(c => c is "OPTIN" or "OPTOUT");
        var baseType = policy switch { "OPTIN" => "permit", "OPTOUT" => "deny", _ => null };
        var root = consent.Provision;
        if (root is null)
        {
            return baseType is null
                ? new(ConsentOutcome.NotApplicable, "the consent has no provision and no OPTIN/OPTOUT policy rule", "provision")
                : new(Outcome(baseType), $"policy rule {policy} with no provision", "policyRule");
        }

        var rootType = root.Type ?? baseType;
        if (rootType is null)
            return new(ConsentOutcome.NotApplicable, "the root provision has no type and the policy rule is not OPTIN/OPTOUT", "provision");
        if (root.Period is { } period && !Within(period, request.At))
            return new(ConsentOutcome.NotApplicable, $"the consent is in force {Describe(period)}, not at {request.At:yyyy-MM-dd}", "provision.period");
        if (Applies(root, request, purpose) && HasData(root) && request.DataClasses.Count == 0 && request.DataCodes.Count == 0)
        {
            // The root covers only some data and the request named none: the rest gets the opposite, that data the root's type.
            var rest = rootType == "permit" ? "deny" : "permit";
            return new(Outcome(rest), $"{rest}: the root provision ({Describe(root, rootType)}) covers only part of the data", "provision")
            {
                Restrictions = [new ConsentRestriction(Outcome(rootType), "provision", DescribeData(root))],
            };
        }

        if (!Applies(root, request, purpose) || !DataApplies(root, request))
        {
            var opposite = rootType == "permit" ? "deny" : "permit";
            return new(Outcome(opposite), $"{opposite}: the root provision ({Describe(root, rootType)}) does not cover this request, so the opposite of its {rootType} holds", "provision");
        }

        var restrictions = new List<ConsentRestriction>();
        var (type, path, why) = Decide(root, rootType, "provision", request, purpose, restrictions);
        return new(Outcome(type), $"{type}: {path} ({why}) applies", path) { Restrictions = restrictions };
    }

    private static (string Type, string Path, string Why) Decide(ConsentProvision p, string type, string path, ConsentRequest request, string purpose, List<ConsentRestriction> restrictions)
    {
        var decided = new List<(string Type, string Path, string Why)>();
        for (var i = 0; i < p.Provisions.Count; i++)
        {
            var n = p.Provisions[i];
            var nPath = $"{path}.provision[{i}]";
            var nType = n.Type ?? "deny";   // R4 requires a type on nested rules; a missing one is read the safe way
            if ((n.Period is { } per && !Within(per, request.At)) || !Applies(n, request, purpose))
                continue;
            if (HasData(n) && request.DataClasses.Count == 0 && request.DataCodes.Count == 0)
            {
                restrictions.Add(new ConsentRestriction(Outcome(nType), nPath, DescribeData(n)));
                continue;
            }

            if (DataApplies(n, request))
                decided.Add(Decide(n, nType, nPath, request, purpose, restrictions));
        }

        if (decided.Count == 0)
            return (type, path, Describe(p, type));
        return decided.FirstOrDefault(d => d.Type == "deny") is { Type: not null } deny ? deny : decided[0];
    }

    private static bool Applies(ConsentProvision p, ConsentRequest request, string purpose)
    {
        if (p.Purposes.Count > 0 && !p.Purposes.Any(c => c.Code is { } code && Purposes(purpose).Contains(code)))
            return false;
        if (p.Actors.Count > 0 && (request.Actor is null || !p.Actors.Any(a => a.Reference?.Ref is { } r && SameReference(r, request.Actor))))
            return false;
        return p.Actions.Count == 0 || request.Action is null || p.Actions.Any(a => a.Codings.Any(c => c.Code == request.Action));
    }

    private static bool HasData(ConsentProvision p) => p.Classes.Count > 0 || p.Codes.Count > 0;

    private static bool DataApplies(ConsentProvision p, ConsentRequest request) =>
        !HasData(p)
        || (request.DataClasses.Count == 0 && request.DataCodes.Count == 0)
        || p.Classes.Any(c => c.Code is { } code && request.DataClasses.Contains(code, StringComparer.Ordinal))
        || p.Codes.Any(cc => cc.Codings.Any(c => c.Code is { } code && request.DataCodes.Contains(code, StringComparer.Ordinal)));

    private static HashSet<string> Purposes(string code)
    {
        var set = new HashSet<string>(StringComparer.Ordinal) { code };
        foreach (var parent in PurposeParents.GetValueOrDefault(code, []))
            set.Add(parent);
        return set;
    }

    private static string Code(string systemBarCode) => systemBarCode.Contains('|', StringComparison.Ordinal) ? systemBarCode[(systemBarCode.LastIndexOf('|') + 1)..] : systemBarCode;

    // "Organization/f001" equals "http://example.org/fhir/Organization/f001": servers write absolute or relative references.
    private static bool SameReference(string a, string b) =>
        a == b || a.EndsWith("/" + b, StringComparison.Ordinal) || b.EndsWith("/" + a, StringComparison.Ordinal);

    private static bool Within(Period p, DateTimeOffset at) =>
        (p.Start is null || at >= p.Start.Start) && (p.End is null || at < EndOf(p.End));

    // The first instant after a date at its precision: an end of "2025-12-31" covers that whole day.
    private static DateTimeOffset EndOf(FhirDateTime end) => end.Precision switch
    {
        DatePrecision.Year => end.Start.AddYears(1),
        DatePrecision.Month => end.Start.AddMonths(1),
        DatePrecision.Day => end.Start.AddDays(1),
        _ => end.Start.AddSeconds(1),
    };

    private static ConsentOutcome Outcome(string type) => type == "permit" ? ConsentOutcome.Permit : ConsentOutcome.Deny;

    private static string Describe(Period p) => $"from {p.Start?.Text ?? "the start"} to {p.End?.Text ?? "no end"}";

    private static string Describe(ConsentProvision p, string type)
    {
        var parts = new List<string> { type };
        if (p.Purposes.Count > 0)
            parts.Add("purpose " + string.Join(", ", p.Purposes.Select(c => c.Code)));
        if (p.Actors.Count > 0)
            parts.Add("actor " + string.Join(", ", p.Actors.Select(a => a.Reference?.Ref)));
        if (p.Actions.Count > 0)
            parts.Add("action " + string.Join(", ", p.Actions.SelectMany(a => a.Codings).Select(c => c.Code)));
        if (p.Period is { } per)
            parts.Add(Describe(per));
        if (HasData(p))
            parts.Add(DescribeData(p));
        return string.Join("; ", parts);
    }

    private static string DescribeData(ConsentProvision p) => string.Join("; ", new[]
    {
        p.Classes.Count > 0 ? "class " + string.Join(", ", p.Classes.Select(c => c.Code)) : null,
        p.Codes.Count > 0 ? "code " + string.Join(", ", p.Codes.SelectMany(c => c.Codings).Select(c => c.Code)) : null,
    }.OfType<string>());
}
