using System.Security.Cryptography;

namespace Precis.Core;

/// <summary>A knowledge base as used for one output: enough to reproduce the output later.</summary>
/// <param name="Id">Knowledge-base id.</param>
/// <param name="Version">Its version.</param>
/// <param name="Date">The date the content was current (ISO 8601 date).</param>
/// <param name="Licence">SPDX id or licence name of the content.</param>
public sealed record KnowledgeVersion(string Id, string Version, string Date, string Licence);

/// <summary>An input file identified by content, so a report names exactly what it was computed from.</summary>
/// <param name="Role">What the input is: germline-vcf, tumour-maf, fhir-bundle, wearable-csv...</param>
/// <param name="FileName">The file name without its directory (directories can carry identifiers).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes read.</param>
/// <param name="Bytes">Size in bytes.</param>
public sealed record InputChecksum(string Role, string FileName, string Sha256, long Bytes)
{
    /// <summary>Hashes a file on disk.</summary>
    public static InputChecksum OfFile(string role, string path)
    {
        using var stream = File.OpenRead(path);
        var hash = SHA256.HashData(stream);
        return new InputChecksum(role, Path.GetFileName(path), Convert.ToHexStringLower(hash), stream.Length);
    }
}

/// <summary>Where an output came from: engine, knowledge, inputs and time.</summary>
/// <param name="Engine">Name of the producing program, e.g. "precis".</param>
/// <param name="EngineVersion">Its version.</param>
/// <param name="Knowledge">Every knowledge base consulted.</param>
/// <param name="Inputs">Every input read.</param>
/// <param name="GeneratedAt">When the output was made (UTC).</param>
public sealed record Provenance(
    string Engine,
    string EngineVersion,
    IReadOnlyList<KnowledgeVersion> Knowledge,
    IReadOnlyList<InputChecksum> Inputs,
    DateTimeOffset GeneratedAt);
