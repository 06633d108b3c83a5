using Precis.Oncology.Notation;

namespace Precis.Oncology.Tests;

/// <summary>Protein-change notation: the OncoKB annotator's conversion assertions and the MAF quirks.</summary>
public sealed class ProteinNotationTests
{
    [Theory]
    [InlineData("tyr100", "Y100")]
    [InlineData("TyR100", "Y100")]
    [InlineData("Promoter", "Promoter")]
    [InlineData("Gly12Cys", "G12C")]
    [InlineData("Ser355LysfsTer7", "S355Kfs*7")]
    [InlineData("Leu747_Pro753delinsSer", "L747_P753delinsS")]
    public void Three_letter_codes_become_one_letter_case_insensitively_and_words_survive(string input, string expected) =>
        Assert.Equal(expected, AminoAcids.ToOneLetter(input));

    [Theory]
    [InlineData("p.V600E", "V600E", ProteinChangeKind.Missense)]
    [InlineData("V600E", "V600E", ProteinChangeKind.Missense)]
    [InlineData("p.Val600Glu", "V600E", ProteinChangeKind.Missense)]
    [InlineData("p.(VAL600GLU)", "V600E", ProteinChangeKind.Missense)]
    [InlineData("M232T", "M232T", ProteinChangeKind.Missense)]
    [InlineData("p.E182*", "E182*", ProteinChangeKind.Nonsense)]
    [InlineData("Glu182Ter", "E182*", ProteinChangeKind.Nonsense)]
    [InlineData("p.Q702X", "Q702*", ProteinChangeKind.Nonsense)]
    [InlineData("p.S355Kfs*?", "S355fs", ProteinChangeKind.Frameshift)]
    [InlineData("p.Ser355LysfsTer12", "S355fs", ProteinChangeKind.Frameshift)]
    [InlineData("p.R175fsX12", "R175fs", ProteinChangeKind.Frameshift)]
    [InlineData("p.WQ288fs", "WQ288fs", ProteinChangeKind.Frameshift)]
    [InlineData("p.X1445_splice", "X1445_splice", ProteinChangeKind.Splice)]
    [InlineData("X1445_splice", "X1445_splice", ProteinChangeKind.Splice)]
    [InlineData("p.E746_A750del", "E746_A750del", ProteinChangeKind.InframeDeletion)]
    [InlineData("p.Glu746_Ala750del", "E746_A750del", ProteinChangeKind.InframeDeletion)]
    [InlineData("p.599_600insDFREYEY", "599_600insDFREYEY", ProteinChangeKind.InframeInsertion)]
    [InlineData("p.A767_V769dup", "A767_V769dup", ProteinChangeKind.Duplication)]
    [InlineData("p.L747_P753delinsS", "L747_P753delinsS", ProteinChangeKind.Delins)]
    [InlineData("p.V600", "V600", ProteinChangeKind.Codon)]
    [InlineData("p.L858=", "L858=", ProteinChangeKind.Synonymous)]
    [InlineData("p.L858L", "L858=", ProteinChangeKind.Synonymous)]
    [InlineData("vIII", "vIII", ProteinChangeKind.Other)]
    [InlineData("Promoter", "Promoter", ProteinChangeKind.Other)]
    public void Every_notation_parses_to_one_canonical_form(string input, string text, ProteinChangeKind kind)
    {
        var p = ProteinChange.Parse(input)!;
        Assert.Equal(text, p.Text);
        Assert.Equal(kind, p.Kind);
    }

    [Fact]
    public void A_one_letter_insertion_that_spells_a_three_letter_code_is_not_converted()
    {
        var p = ProteinChange.Parse("p.A763_Y764insHIS")!;
        Assert.Equal("HIS", p.Alternate);
        Assert.Equal(ProteinChangeKind.InframeInsertion, p.Kind);
        Assert.Equal((763, 764), (p.Start, p.End));
    }

    [Fact]
    public void Truncating_covers_nonsense_frameshift_and_splice_but_not_missense()
    {
        Assert.True(ProteinChange.Parse("R213*")!.IsTruncating);
        Assert.True(ProteinChange.Parse("S355Kfs*?")!.IsTruncating);
        Assert.True(ProteinChange.Parse("X1445_splice")!.IsTruncating);
        Assert.False(ProteinChange.Parse("R175H")!.IsTruncating);
    }

    [Theory]
    [InlineData("p.E746_A750del", "inframe_deletion")]
    [InlineData("p.A767_V769dup", "inframe_insertion")]
    [InlineData("p.L747_P753delinsS", "inframe_deletion")]
    [InlineData("p.D770delinsGY", "inframe_insertion")]
    public void Consequence_follows_the_length_change(string input, string consequence) =>
        Assert.Equal(consequence, ProteinChange.Parse(input)!.Consequence);

    [Fact]
    public void Empty_or_unknown_protein_changes_are_absent() =>
        Assert.All(new[] { null, "", " ", "p.?", "p.=" }, s => Assert.Null(ProteinChange.Parse(s)));
}
