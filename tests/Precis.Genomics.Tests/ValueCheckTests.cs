using Precis.Genomics.Vcf;

namespace Precis.Genomics.Tests;

/// <summary>The one-pass sample-value check must never call a value valid that the full check refuses.</summary>
public sealed class ValueCheckTests
{
    private static readonly VcfFieldDefinition[] Definitions =
    [
        new("DP", VcfNumber.One, VcfValueType.Integer, ""),
        new("AD", new VcfNumber(VcfNumberKind.R, 0), VcfValueType.Integer, ""),
        new("PL", new VcfNumber(VcfNumberKind.G, 0), VcfValueType.Integer, ""),
        new("AF", new VcfNumber(VcfNumberKind.A, 0), VcfValueType.Float, ""),
        new("GL", new VcfNumber(VcfNumberKind.G, 0), VcfValueType.Float, ""),
        new("PS", new VcfNumber(VcfNumberKind.P, 0), VcfValueType.Float, ""),
        new("C", new VcfNumber(VcfNumberKind.Fixed, 2), VcfValueType.Character, ""),
        new("S", VcfNumber.One, VcfValueType.String, ""),
        new("SL", new VcfNumber(VcfNumberKind.Fixed, 3), VcfValueType.String, ""),
        new("U", VcfNumber.Unbounded, VcfValueType.Integer, ""),
    ];

    [Theory]
    [InlineData("12", true)]
    [InlineData("-7", true)]
    [InlineData("+7", true)]
    [InlineData("123456789", true)]
    [InlineData("1234567890", false)] // 10 digits: left to the full check (which accepts it)
    [InlineData("-2147483648", false)] // BCF-reserved: refused by the full check
    [InlineData("1.5", false)]
    [InlineData("", false)]
    [InlineData("-", false)]
    [InlineData(".", true)]
    public void Integer_fast_path(string value, bool quick)
    {
        var def = Definitions[0];
        var p = -1;
        int? e = null;
        Assert.Equal(quick, VcfRecordParser.QuickValid(value, def, 1, 2, ref p, ref e));
    }

    [Theory]
    [InlineData("0.5", 1, true)]
    [InlineData("5.", 1, true)]
    [InlineData(".5", 1, true)]
    [InlineData("1e-5", 1, false)] // exponent: the full check accepts it
    [InlineData("nan", 1, false)]
    [InlineData("0.1,0.2", 1, false)] // Number=A with one ALT: two values is wrong
    [InlineData("0.1,0.2", 2, true)]
    public void Float_fast_path(string value, int alts, bool quick)
    {
        var p = -1;
        int? e = null;
        Assert.Equal(quick, VcfRecordParser.QuickValid(value, Definitions[3], alts, 2, ref p, ref e));
    }

    [Fact]
    public void Quick_never_accepts_what_the_full_check_refuses_and_agrees_on_common_values()
    {
        // Random lists over an alphabet that makes every kind of mistake: signs, dots, letters, empty items, long numbers.
        var random = new Random(20261207);
        const string alphabet = "0123456789012345678901234567890.,,-+eEaN ";
        var agreed = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var len = random.Next(0, 14);
            var chars = new char[len];
            for (var i = 0; i < len; i++)
                chars[i] = alphabet[random.Next(alphabet.Length)];
            var value = new string(chars);
            var def = Definitions[random.Next(Definitions.Length)];
            var alts = random.Next(0, 3);
            var ploidy = random.Next(0, 3);
            var p = -1;
            int? e = null;
            var quick = VcfRecordParser.QuickValid(value, def, alts, ploidy, ref p, ref e);
            var full = VcfRecordParser.CheckValues(value, def, alts, ploidy, out _);
            if (quick)
                Assert.True(full, $"'{value}' as {def.Id} (alts {alts}, ploidy {ploidy}): quick accepted, full refused");
            if (quick == full)
                agreed++;
        }

        // The fast path must also be the common path, or it is not worth having.
        Assert.True(agreed > 100_000, $"quick and full agreed on only {agreed} of 200,000");
    }

    [Fact]
    public void The_reader_flags_exactly_the_INFO_values_the_full_check_refuses()
    {
        // The reader classifies INFO values while scanning them and skips the check for plain integers and decimals;
        // over random values, the lines it flags must be exactly those the full check refuses (never fewer).
        VcfFieldDefinition[] defs =
        [
            new("XI", VcfNumber.One, VcfValueType.Integer, ""),
            new("XR", new VcfNumber(VcfNumberKind.R, 0), VcfValueType.Integer, ""),
            new("XU", VcfNumber.Unbounded, VcfValueType.Integer, ""),
            new("XF", VcfNumber.One, VcfValueType.Float, ""),
            new("XA", new VcfNumber(VcfNumberKind.A, 0), VcfValueType.Float, ""),
            new("X2", new VcfNumber(VcfNumberKind.Fixed, 2), VcfValueType.Float, ""),
        ];
        var random = new Random(7);
        const string alphabet = "0123456789012345678901234567890..,,-+eEaN";
        var text = new System.Text.StringBuilder("##fileformat=VCFv4.3\n##contig=<ID=chr1>\n");
        foreach (var d in defs)
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"##INFO=<ID={d.Id},Number={d.Number},Type={d.Type},Description=\"x\">\n");
        text.Append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
        var refused = 0;
        const int lines = 20_000;
        for (var n = 0; n < lines; n++)
        {
            var chars = new char[random.Next(0, 12)];
            for (var i = 0; i < chars.Length; i++)
                chars[i] = alphabet[random.Next(alphabet.Length)];
            var value = new string(chars);
            var def = defs[random.Next(defs.Length)];
            var alts = random.Next(1, 3);
            if (!VcfRecordParser.CheckValues(value, def, alts, 0, out _))
                refused++;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"chr1\t{n + 1}\t.\tA\t{(alts == 1 ? "G" : "G,T")}\t.\tPASS\t{def.Id}={value}\n");
        }

        using var reader = VcfReaderTests.Open(text.ToString(), VcfReaderOptions.Lenient);
        Assert.Equal(lines, reader.Records().Count());
        Assert.InRange(refused, 1_000, lines - 1_000);
        Assert.Equal(refused, reader.Report.Repaired.GetValueOrDefault("INFO value does not match its definition"));
    }

    [Fact]
    public void Memoised_expected_count_follows_the_ploidy()
    {
        var pl = Definitions[2];
        var p = -1;
        int? e = null;
        Assert.True(VcfRecordParser.QuickValid("0,10,100", pl, 1, 2, ref p, ref e));   // diploid, 1 ALT: 3 values
        Assert.False(VcfRecordParser.QuickValid("0,10,100", pl, 1, 1, ref p, ref e));  // haploid: 2 values
        Assert.True(VcfRecordParser.QuickValid("0,10", pl, 1, 1, ref p, ref e));
        Assert.Equal(1, p);
    }

    [Fact]
    public void Plain_decimal_fast_path_equals_double_parse_bit_for_bit()
    {
        var random = new Random(42);
        var checkedCount = 0;
        string[] fixedCases = ["0", "-0", "-0.0", "+1.5", "4204.65", "56.24", "0.1", "0.3", "123456789012345", "99999999999999.9", "5.", ".5", "1e5", "-", ".", "", "12a"];
        var cases = fixedCases.Concat(Enumerable.Range(0, 100_000).Select(_ =>
        {
            var digits = random.Next(1, 17);
            var chars = new char[digits];
            for (var k = 0; k < digits; k++)
                chars[k] = (char)('0' + random.Next(10));
            var text = new string(chars);
            var dot = random.Next(-1, digits + 1);
            if (dot >= 0)
                text = text.Insert(dot, ".");
            return random.Next(4) == 0 ? "-" + text : text;
        }));
        foreach (var text in cases)
        {
            if (!ValueParsing.TryPlainDecimal(text, out var fast))
                continue;
            var full = double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(fast) == BitConverter.DoubleToInt64Bits(full), $"'{text}': fast {fast:R}, full {full:R}");
            checkedCount++;
        }

        Assert.True(checkedCount > 80_000, $"only {checkedCount} values took the fast path");
    }
}
