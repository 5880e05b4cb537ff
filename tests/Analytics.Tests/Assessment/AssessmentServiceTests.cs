using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.Tests.Assessment;

public sealed class AssessmentServiceTests(AssessmentFixture fixture) : IClassFixture<AssessmentFixture>
{
    // The rules written out again, independently of ScoringRule, for the recomputation below.
    private static double ByHand(ScoringRule rule, double points, double v) => rule switch
    {
        AllOrNothingRule r => (r.Direction == RuleDirection.AtLeast ? v >= r.Threshold : v <= r.Threshold) ? points : 0,
        DeductionRule r => points - Math.Min(Math.Min(r.MaxDeduction ?? points, points),
            r.PointsPerStep * Math.Floor(Math.Round(Math.Max(0, r.Direction == RuleDirection.AtLeast ? r.Target - v : v - r.Target) / r.Step, 6))),
        LinearRule r => points * Math.Clamp((v - r.Floor) / (r.Target - r.Floor), 0, 1),
        BandsRule r => r.Bands.FirstOrDefault(b => r.Direction == RuleDirection.AtLeast ? v >= b.Limit : v <= b.Limit)?.Points ?? r.Otherwise,
        _ => Math.Clamp(v, 0, points),
    };

    [Fact]
    public void Score_EveryCounty_TotalRecomputedFromSchemeAndKpiApi()
    {
        var entries = DemoEntries.Create(fixture.Scheme, fixture.Service.Counties, seed: 5);
        var result = fixture.Service.Score(fixture.Scheme, entries);

        Assert.Equal(117, result.Counties.Count);
        Assert.Equal(fixture.Kpis.DataVersion, result.DataVersion);
        foreach (var county in result.Counties)
        {
            var card = fixture.Scheme.ScorecardFor(county.CountyClass);
            double Value(SchemeIndicator i)
            {
                if (i.Kpi is { } kpi)
                {
                    return fixture.Kpis.GetCountyValues(kpi, "2025").Single(c => c.CountyCode == county.CountyCode).Value ?? double.NaN;
                }

                var given = i.Sources.Select(s => (s, e: entries.SingleOrDefault(e => e.CountyCode == county.CountyCode && e.IndicatorId == i.Id && e.Source == s))).Where(x => x.e is not null).ToList();
                return given.Count switch
                {
                    0 => double.NaN,
                    1 => given[0].e!.Value,
                    _ => given.Sum(x => card.SourceWeights[x.s] * x.e!.Value) / given.Sum(x => card.SourceWeights[x.s]),
                };
            }

            double Points(SchemeIndicator i) => Value(i) is var v && double.IsNaN(v) ? 0 : ByHand(i.Rule, i.Points, v);
            var expected = card.Indicators.Sum(Points) + Math.Min(card.BonusCap, card.Bonus.Sum(Points));
            Assert.Equal(Math.Round(expected, 4), county.Score, 6);
        }
    }

    [Fact]
    public void Score_EntryForKpiIndicator_RejectedNamingIt()
    {
        var county = fixture.Service.Counties.Keys.First();
        var bad = new AssessmentEntry { Year = 2025, CountyCode = county, IndicatorId = "income_growth", Source = EntrySource.Cross, Value = 5, EnteredBy = "x" };

        var error = Assert.Throws<EntryImportException>(() => fixture.Service.Score(fixture.Scheme, [bad]));

        Assert.Contains("income_growth", Assert.Single(error.Problems).Column);
        Assert.Contains("KPI", error.Problems[0].MessageZh);
    }

    [Fact]
    public void DrawFieldSample_SameSeed_SameHouseholds()
    {
        var county = fixture.LargestCounty;
        var first = fixture.Service.DrawFieldSample(fixture.Scheme, county, 11);
        var again = fixture.Service.DrawFieldSample(fixture.Scheme, county, 11);
        var other = fixture.Service.DrawFieldSample(fixture.Scheme, county, 12);

        Assert.Equal(first.Households.Select(h => h.HouseholdId), again.Households.Select(h => h.HouseholdId));
        Assert.NotEqual(first.Households.Select(h => h.HouseholdId), other.Households.Select(h => h.HouseholdId));
    }

    [Fact]
    public void DrawFieldSample_Quotas_MetWhereHouseholdsAllow()
    {
        var county = fixture.LargestCounty;
        var quota = fixture.Scheme.ScorecardFor(fixture.Kpis.GetCounty(county).CountyClass).FieldCheck;
        var frame = fixture.Service.LoadFrames(AssessmentFixture.Year, [county])[county];

        var sample = fixture.Service.DrawFieldSample(fixture.Scheme, county, 3);

        Assert.True(sample.Villages.Count >= quota.Villages);
        var drawnVillages = sample.Villages.Select(v => v.VillageCode).ToHashSet();
        foreach (var stratum in Enum.GetValues<FieldStratum>())
        {
            var available = frame.Households.Count(h => h.Stratum == stratum && drawnVillages.Contains(h.VillageCode));
            Assert.Equal(Math.Min(quota.For(stratum), available), sample.SampledByStratum[stratum]);
        }

        Assert.All(sample.Households, h => Assert.Contains(h.VillageCode, drawnVillages));
        Assert.Equal(sample.Households.Count, sample.Households.Select(h => h.HouseholdId).Distinct().Count());
        // Weights add up to about the frame: each stratum's weights estimate its households in the county.
        Assert.InRange(sample.Households.Sum(h => h.Weight) / frame.Households.Length, 0.5, 1.5);
    }

    [Fact]
    public void EstimateFieldCheck_ManySamples_IntervalsCoverPlantedTruth()
    {
        var team = new DemoFieldTeam(fixture.Root);
        var counties = fixture.Service.Counties.Keys.ToList();
        var frames = fixture.Service.LoadFrames(AssessmentFixture.Year, counties);
        var truth = team.Read(AssessmentFixture.Year, frames.Values.SelectMany(f => f.Households).Select(h => h.HouseholdId).ToHashSet());
        var largest = frames.Values.OrderByDescending(f => f.Households.Length).Take(3).ToList();
        var anyWrongExit = false;
        foreach (var frame in largest)
        {
            var rates = DemoFieldTeam.TrueRates(frame, truth);
            anyWrongExit |= rates.WronglyExited > 0;
            var quota = fixture.Scheme.ScorecardFor(fixture.Kpis.GetCounty(frame.CountyCode).CountyClass).FieldCheck;
            var covered = new int[3];
            const int Draws = 200;
            for (var seed = 0; seed < Draws; seed++)
            {
                var sample = FieldSampler.Draw(frame, quota, seed);
                var e = AssessmentService.EstimateFieldCheck(sample, DemoFieldTeam.Answer(sample, truth));
                covered[0] += e.WronglyExited.Lower <= rates.WronglyExited && rates.WronglyExited <= e.WronglyExited.Upper ? 1 : 0;
                covered[1] += e.Missed.Lower <= rates.Missed && rates.Missed <= e.Missed.Upper ? 1 : 0;
                covered[2] += e.Approval.Lower <= rates.Approval && rates.Approval <= e.Approval.Upper ? 1 : 0;
            }

            // 95 % intervals: at least 90 % of 200 draws must cover (a binomial 95 % band allows ~92 %).
            Assert.All(covered, c => Assert.True(c >= 0.9 * Draws, $"county {frame.CountyCode}: coverage {string.Join(", ", covered)} of {Draws}; truth {rates}"));
        }

        Assert.True(anyWrongExit, "the largest counties should hold some planted wrong exits");
    }

    [Fact]
    public void WriteFieldList_NotPermitted_PersonalDataMasked()
    {
        var sample = fixture.Service.DrawFieldSample(fixture.Scheme, fixture.LargestCounty, 1);

        var masked = Rows(sample, personal: false);
        var raw = Rows(sample, personal: true);

        Assert.Equal(sample.Households.Count, masked.Count);
        Assert.All(masked, r => Assert.EndsWith("*", r.Name));
        Assert.All(masked, r => Assert.Contains("********", r.Id));
        Assert.All(masked, r => Assert.Contains("****", r.Phone));
        Assert.All(raw, r => Assert.DoesNotContain("*", r.Name + r.Id + r.Phone));
        Assert.Equal(masked.Select(r => r.Name[0]), raw.Select(r => r.Name[0]));
    }

    private List<(string Name, string Id, string Phone)> Rows(FieldSample sample, bool personal)
    {
        using var stream = new MemoryStream();
        fixture.Service.WriteFieldList(sample, stream, personal);
        stream.Position = 0;
        return Xlsx.Read(stream, "list.xlsx", FieldListWorkbook.SheetName)!.Skip(1)
            .Select(r => (Xlsx.Text(r["G"]), Xlsx.Text(r["H"]), Xlsx.Text(r["I"]))).ToList();
    }

    [Fact]
    public void ReadResults_FilledFieldList_SameEstimatesAsDirect()
    {
        var sample = fixture.Service.DrawFieldSample(fixture.Scheme, fixture.LargestCounty, 9);
        var results = new DemoFieldTeam(fixture.Root).Visit([sample])[sample.CountyCode];
        using var filled = Filled(sample, results, row => row);

        var read = FieldListWorkbook.ReadResults(sample, filled, "filled.xlsx");

        Assert.Equal(results, read);
        Assert.Equal(AssessmentService.EstimateFieldCheck(sample, results), AssessmentService.EstimateFieldCheck(sample, read));
    }

    [Fact]
    public void ReadResults_BadAnswerAndStranger_RowAndColumnNamedNothingReturned()
    {
        var sample = fixture.Service.DrawFieldSample(fixture.Scheme, fixture.LargestCounty, 9);
        var results = new DemoFieldTeam(fixture.Root).Visit([sample])[sample.CountyCode];
        using var filled = Filled(sample, results, row =>
        {
            if ((int)row[0]! == 2)
            {
                row[13] = "可能";
            }

            if ((int)row[0]! == 3)
            {
                row[4] = 999_999_999L;
            }

            return row;
        });

        var error = Assert.Throws<EntryImportException>(() => FieldListWorkbook.ReadResults(sample, filled, "filled.xlsx"));

        Assert.Contains(error.Problems, p => p.Row == 3 && p.Column == FieldListColumns.Approves && p.MessageZh.Contains("可能"));
        Assert.Contains(error.Problems, p => p.Row == 4 && p.Column == FieldListColumns.HouseholdId);
        Assert.Contains("nothing was imported", error.Message);
    }

    private static MemoryStream Filled(FieldSample sample, IReadOnlyList<FieldResult> results, Func<object?[], object?[]> edit)
    {
        static string? YesNo(bool? b) => b is { } v ? (v ? "是" : "否") : null;
        var byId = results.ToDictionary(r => r.HouseholdId);
        var rows = sample.Households.Select((h, i) =>
        {
            var r = byId[h.HouseholdId];
            return edit(new object?[]
            {
                i + 1, sample.CountyCode, h.VillageCode, "", h.HouseholdId, "", "", "", "", 1, h.Weight,
                YesNo(r.ExitCorrect) ?? (h.AskExit ? null : "—"), YesNo(r.Missed) ?? (h.AskMissed ? null : "—"), YesNo(r.Approves), r.CheckedBy, r.Note,
            });
        }).ToList();
        var stream = new MemoryStream();
        Xlsx.Write(stream, new XlsxSheet(FieldListWorkbook.SheetName, FieldListWorkbook.Columns, rows));
        stream.Position = 0;
        return stream;
    }
}
