using Precis.Core;

namespace Precis.Knowledge;

/// <summary>
/// All knowledge bases available to a run: the embedded defaults plus any imported into a knowledge directory.
/// An imported base with the same id as an embedded one replaces it, so users can load current official data.
/// </summary>
public sealed class KnowledgeCatalog
{
    private const string ResourcePrefix = "Precis.Knowledge.Data.";
    private readonly Dictionary<string, KnowledgeBase> _bases;

    private KnowledgeCatalog(Dictionary<string, KnowledgeBase> bases) => _bases = bases;

    /// <summary>The knowledge bases, ordered by area then id.</summary>
    public IReadOnlyList<KnowledgeBase> Bases =>
        [.. _bases.Values.OrderBy(b => b.Source.Area, StringComparer.Ordinal).ThenBy(b => b.Source.Id, StringComparer.Ordinal)];

    /// <summary>The versions of every base, for provenance.</summary>
    public IReadOnlyList<KnowledgeVersion> Versions => [.. Bases.Select(b => b.Source.ToVersion())];

    /// <summary>A knowledge base by id, if present.</summary>
    public KnowledgeBase? Find(string id) => _bases.GetValueOrDefault(id);

    /// <summary>The knowledge shipped in this assembly.</summary>
    public static KnowledgeCatalog Embedded() => Create(null);

    /// <summary>Embedded knowledge overlaid with every <c>*.kb.json</c> in <paramref name="directory"/> (if it exists).</summary>
    public static KnowledgeCatalog Create(string? directory)
    {
        var bases = new Dictionary<string, KnowledgeBase>(StringComparer.Ordinal);
        var assembly = typeof(KnowledgeCatalog).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var name = resource[ResourcePrefix.Length..];

            // An embedded file that fails validation is a build defect, not a user error: fail loudly.
            var kb = KnowledgeFile.Load(stream, name, "embedded");
            if (!kb.IsSuccess)
                throw new InvalidOperationException($"embedded knowledge {name} is invalid: {kb.Errors[0]}");
            bases[kb.Value!.Source.Id] = kb.Value;
        }

        if (directory is not null && Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.kb.json").Order(StringComparer.Ordinal))
            {
                using var stream = InputFiles.OpenForReading(file);
                var kb = KnowledgeFile.Load(stream, file, file).GetValueOrThrow();
                bases[kb.Source.Id] = kb;
            }
        }

        return new KnowledgeCatalog(bases);
    }

    /// <summary>The default directory for imported knowledge: $PRECIS_KB_DIR, else ~/.local/share/precis/kb.</summary>
    public static string DefaultDirectory() =>
        Environment.GetEnvironmentVariable("PRECIS_KB_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "precis", "kb");
}
