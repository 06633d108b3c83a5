using Precis.Pharmacogenomics.Knowledge;

namespace Precis.Pharmacogenomics.Tests;

/// <summary>
/// Which drugs a guideline text offers as alternatives: interacting drugs, drugs to avoid, drugs "also metabolised"
/// by the same enzyme and metabolites to monitor are never alternatives.
/// </summary>
public sealed class AlternativesTests
{
    private static readonly string[] Vocabulary =
    [
        "rosuvastatin", "pravastatin", "fluvastatin", "amiodarone", "verapamil", "diltiazem", "simvastatin", "atorvastatin",
        "tegafur", "capecitabine", "fluorouracil", "granisetron", "dolasetron", "palonosetron", "paroxetine", "fluoxetine",
        "quinidine", "nortriptyline", "citalopram", "sertraline", "prasugrel", "ticagrelor", "ticlopidine", "phenytoin",
        "lamotrigine", "oxcarbazepine",
    ];

    private static List<string> Find(string text, string drug) => PharmcatImporter.FindAlternatives(text, [drug], Vocabulary);

    [Fact]
    public void Atorvastatin_DPWG_alternatives_are_the_statins_not_the_CYP3A4_inhibitors_named_after_them()
    {
        const string text = "Patient has ADDITIONAL SIGNIFICANT RISK FACTORS for statin-induced myopathy: Choose an alternative. "
            + "Do not select simvastatin, as this is also affected by the SLCO1B1 gene variation. Rosuvastatin and pravastatin are "
            + "influenced to a similar extent by SLCO1B1 polymorphisms, but are not influenced by CYP3A4 inhibitors such as "
            + "amiodarone, verapamil and diltiazem. Fluvastatin is not influenced significantly by SLCO1B1 gene variation or CYP3A4 inhibitors.";
        Assert.Equal(["rosuvastatin", "pravastatin", "fluvastatin"], Find(text, "atorvastatin"));
    }

    [Fact]
    public void The_embedded_DPWG_atorvastatin_recommendations_list_no_interacting_drug()
    {
        var recs = GenotypeBuilder.Knowledge.Recommendations.Select(x => x.Rec).Where(r => r.Source == "DPWG" && r.Drugs.Contains("atorvastatin") && r.Alternatives.Count > 0).ToList();
        Assert.NotEmpty(recs);
        Assert.All(recs, r =>
        {
            Assert.DoesNotContain("amiodarone", r.Alternatives);
            Assert.DoesNotContain("verapamil", r.Alternatives);
            Assert.Contains("fluvastatin", r.Alternatives);
        });
    }

    [Fact]
    public void A_drug_the_text_says_is_not_an_alternative_or_is_also_metabolised_or_to_avoid_is_not_listed()
    {
        Assert.Empty(Find("Avoid fluorouracil and capecitabine. Tegafur is not an alternative, as this is also metabolised by DPD.", "capecitabine"));
        Assert.Equal(["granisetron"], Find("Select alternative drug not predominantly metabolized by CYP2D6 (i.e., granisetron). Dolasetron, palonosetron, and ramosetron are also metabolized by CYP2D6.", "ondansetron"));
        Assert.Empty(Find("Choose an alternative if possible. Phenytoin, lamotrigine and oxcarbazepine also pose an increased risk of SJS/TEN in these patients.", "carbamazepine"));
    }

    [Fact]
    public void Co_medications_and_metabolites_to_monitor_are_not_alternatives_even_after_an_abbreviation()
    {
        Assert.Empty(Find("Co-medication with a STRONG CYP2D6 INHIBITOR (e.g. paroxetine, fluoxetine, quinidine, bupropione): Use a dose of 84mg eliglustat 1x daily.", "eliglustat"));
        Assert.Empty(Find("Use 70% of the standard dose and monitor the effect and side effects or the plasma concentrations of amitriptyline and nortriptyline.", "amitriptyline"));
        Assert.Equal(["citalopram", "sertraline"], Find("Antidepressants that are not metabolised by CYP2D6, or to a lesser extent, include citalopram and sertraline.", "amitriptyline"));
    }

    [Fact]
    public void A_drug_is_kept_when_one_mention_offers_it_and_paragraphs_are_sentences()
    {
        // Prasugrel is offered in one paragraph and contraindicated (for stroke) in another: it stays an alternative.
        Assert.Equal(["prasugrel", "ticagrelor"], Find("Use prasugrel or ticagrelor at standard dose if no contraindication ¶ Prasugrel is contraindicated in patients with a history of stroke.", "clopidogrel"));
        // Without a paragraph mark the avoid-sentence would swallow the offer.
        Assert.Equal(["prasugrel", "ticagrelor"], Find("Avoid standard dose clopidogrel if possible ¶ Use prasugrel or ticagrelor at standard dose if no contraindication.", "clopidogrel"));
    }
}
