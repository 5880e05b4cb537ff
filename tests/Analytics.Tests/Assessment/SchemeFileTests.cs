using System.Text;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.Tests.Assessment;

public sealed class SchemeFileTests
{
    [Fact]
    public void WriteRead_Default_SameFingerprintAndReadableChinese()
    {
        var scheme = SchemeFile.Default(2024);
        using var stream = new MemoryStream();
        SchemeFile.Write(scheme, stream);
        var text = Encoding.UTF8.GetString(stream.ToArray());
        stream.Position = 0;

        var back = SchemeFile.Read(stream, "scheme.json");

        Assert.Equal(SchemeFile.Fingerprint(scheme), SchemeFile.Fingerprint(back));
        Assert.Equal(2024, back.Year);
        Assert.Contains("\"name_zh\": \"党政主体责任落实\"", text);
        Assert.Contains("\"type\": \"deduction\"", text);
        Assert.Contains("\"third_party\": 0.4", text);
    }

    [Fact]
    public void Fingerprint_ChangedPoints_Differs()
    {
        var scheme = SchemeFile.Default(2025);
        var card = scheme.Scorecards[0];
        var edited = scheme with { Scorecards = [card with { Grades = card.Grades with { Good = 91 } }, .. scheme.Scorecards.Skip(1)] };

        Assert.NotEqual(SchemeFile.Fingerprint(scheme), SchemeFile.Fingerprint(edited));
        Assert.Equal(SchemeFile.Fingerprint(scheme), SchemeFile.Fingerprint(SchemeFile.Default(2025)));
    }

    [Fact]
    public void Read_UnknownField_NamesLineAndPath()
    {
        var json = """
            {
              "id": "x", "version": 1, "year": 2025, "name_zh": "甲", "name_en": "A",
              "scorecards": [ { "county_class": 1, "total_point": 100 } ]
            }
            """;

        var error = Assert.Throws<SchemeValidationException>(() => SchemeFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "bad.json"));

        var problem = Assert.Single(error.Problems);
        Assert.Contains("bad.json", problem.MessageZh);
        Assert.Contains("第 3 行", problem.MessageZh);
        Assert.Contains("total_point", problem.MessageEn);
    }

    [Fact]
    public void Read_PointsDoNotAddUp_Rejected()
    {
        var scheme = TestSchemes.Small();
        var card = scheme.Scorecards[1];
        var bad = scheme with { Scorecards = [scheme.Scorecards[0], card with { TotalPoints = 25 }, scheme.Scorecards[2]] };
        using var stream = new MemoryStream();
        SchemeFile.Write(bad, stream);
        stream.Position = 0;

        var error = Assert.Throws<SchemeValidationException>(() => SchemeFile.Read(stream, "s.json"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("scorecards[1]", problem.Path);
        Assert.Equal("total_points", problem.Field);
    }
}
