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
            var chars = new char[random.Next(0, 200)];
            for (var i = 0; i < chars.Length; i++)
                chars[i] = random.Next(4) == 0 ? '\t' : (char)random.Next(32, 0x3000);
            var line = new string(chars);
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
            var chars = new char[random.Next(0, 120)];
            for (var i = 0; i < chars.Length; i++)
                chars[i] = random.Next(6) == 0 ? '\t' : (char)random.Next(32, 0x3000);
            var line = new string(chars);
            var plain = Plain(line, 0);
            var expected = plain[..Math.Min(9, plain.Length - 1)];
            Assert.Equal(expected, VcfRecord.FirstColumns(line, 9));
        }
    }
}
