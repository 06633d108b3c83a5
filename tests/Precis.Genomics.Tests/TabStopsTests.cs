using Precis.Genomics.Vcf;

namespace Precis.Genomics.Tests;

/// <summary>The vectorised column locator must agree with a plain search on every shape of line.</summary>
public sealed class TabStopsTests
{
    private static int[] Plain(string line, int first)
    {
        var starts = new List<int> { first };
        for (var i = first; i < line.Length; i++)
            if (line[i] == '\t')
                starts.Add(i + 1);
        starts.Add(line.Length + 1);
        return [.. starts];
    }

    // Tabs one character in tabOneIn; the rest up to U+3000, so characters whose low byte is 9 (U+0909) occur too.
    private static string RandomLine(Random random, int maxLength, int tabOneIn)
    {
        var chars = new char[random.Next(0, maxLength)];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = random.Next(tabOneIn) == 0 ? '\t' : (char)random.Next(32, 0x3000);
        return new string(chars);
    }

    [Theory]
    [InlineData("", 0, 0)]
    [InlineData("0|1", 0, 1)]
    [InlineData("0|1\t1|1\t0/0", 0, 3)]
    [InlineData("0|1\t\t0/0\t", 0, 4)]
    [InlineData("a\tb", 2, 5)] // the expected count is a hint only
    public void Small_lines(string line, int first, int expected) =>
        Assert.Equal(Plain(line, first), VcfRecord.TabStops(line, first, expected));

    [Fact]
    public void Random_lines_across_vector_boundaries()
    {
        var random = new Random(7);
        for (var n = 0; n < 2_000; n++)
        {
            var line = RandomLine(random, 200, 4);
            var first = random.Next(0, line.Length + 1);
            Assert.Equal(Plain(line, first), VcfRecord.TabStops(line, first, random.Next(0, 40)));
        }
    }

    [Fact]
    public void First_columns_agree_with_a_plain_search()
    {
        var random = new Random(11);
        for (var n = 0; n < 2_000; n++)
        {
            var line = RandomLine(random, 120, 6);
            var plain = Plain(line, 0);
            var expected = plain[..Math.Min(9, plain.Length - 1)];
            Assert.Equal(expected, VcfRecord.FirstColumns(line, 9));
        }
    }
}
