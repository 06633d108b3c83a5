using Precis.Core;
using Precis.Pharmacogenomics.Knowledge;

namespace Precis.Pharmacogenomics.Recommendations;

/// <summary>
/// Finds the guideline drug a recorded medication is: by its resolved ingredient, its RxNorm ingredient code, or a
/// drug name in its text ("clopidogrel 75 MG Oral Tablet"). Clinical-drug (SCD) codes are resolved upstream by
/// Precis.Clinical's cited RxNorm ingredient table into <see cref="MedicationSummary.Ingredient"/>.
/// </summary>
public static class MedicationResolver
{
    /// <summary>The generic name to look recommendations up with: the knowledge base's drug name, or the best name the record gives.</summary>
    public static string Resolve(PgxKnowledge knowledge, MedicationSummary medication)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(medication);
        if (medication.Ingredient is { Length: > 0 } ingredient && knowledge.Drug(ingredient) is { } byIngredient)
            return byIngredient.Name;
        if (medication.Code is { Length: > 0 } code && knowledge.Drug(code) is { } byCode)
            return byCode.Name;
        var words = medication.Text.ToLowerInvariant().Split([' ', ',', '/', '(', ')', '-'], StringSplitOptions.RemoveEmptyEntries);
        foreach (var w in words)
        {
            if (w.Length >= 4 && knowledge.Drug(w) is { } byText)
                return byText.Name;
        }

        return (medication.Ingredient ?? medication.Text).Trim().ToLowerInvariant();
    }
}
