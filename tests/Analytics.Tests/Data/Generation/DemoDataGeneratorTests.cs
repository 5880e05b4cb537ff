using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Generation;
using Xunit;

namespace RevivalAnalytics.Tests.Data.Generation;

public sealed class DemoDataGeneratorTests : IClassFixture<GeneratedSample>
{
    private readonly GeneratedSample _sample;

    public DemoDataGeneratorTests(GeneratedSample sample) => _sample = sample;

    private static readonly GeneratorOptions s_small = new() { Households = 3_000, BatchSize = 1_000, Seed = 42 };

    [Fact]
    public void GenerateBatch_SameSeed_IdenticalArrays()
    {
        var first = new DemoDataGenerator(s_small).GenerateBatch(1);
        var second = new DemoDataGenerator(s_small).GenerateBatch(1);

        AssertTablesEqual(first.HouseholdsTable(), second.HouseholdsTable());
        AssertTablesEqual(first.HouseholdYearsTable(), second.HouseholdYearsTable());
        AssertTablesEqual(first.SnapshotsTable(), second.SnapshotsTable());
    }

    [Fact]
    public void GenerateProvinceTables_SameSeed_IdenticalArrays()
    {
        var first = new DemoDataGenerator(s_small).GenerateProvinceTables();
        var second = new DemoDataGenerator(s_small).GenerateProvinceTables();

        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            AssertTablesEqual(first[i], second[i]);
        }
    }

    [Fact]
    public void GenerateBatch_DifferentSeed_Differs()
    {
        var first = new DemoDataGenerator(s_small).GenerateBatch(0);
        var other = new DemoDataGenerator(new GeneratorOptions { Households = 3_000, BatchSize = 1_000, Seed = 43 }).GenerateBatch(0);

        Assert.NotEqual(first.Income, other.Income);
        Assert.NotEqual(first.HeadIdNumber, other.HeadIdNumber);
    }

    [Fact]
    public void ForEachBatch_OtherBatchSizeAndParallelism_SameHouseholds()
    {
        var incomesA = new List<double>();
        var incomesB = new List<double>();
        var idsA = new List<string?>();
        var idsB = new List<string?>();
        new DemoDataGenerator(s_small).ForEachBatch(b =>
        {
            incomesA.AddRange(b.Income.Take(b.YearRows));
            idsA.AddRange(b.HeadIdNumber.Take(b.Count));
        }, cancellationToken: TestContext.Current.CancellationToken);
        new DemoDataGenerator(new GeneratorOptions { Households = 3_000, BatchSize = 700, Seed = 42, MaxDegreeOfParallelism = 1 }).ForEachBatch(b =>
        {
            incomesB.AddRange(b.Income.Take(b.YearRows));
            idsB.AddRange(b.HeadIdNumber.Take(b.Count));
        }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(30_000, incomesA.Count);
        Assert.Equal(incomesA, incomesB);
        Assert.Equal(idsA, idsB);
    }

    [Fact]
    public void ForEachBatch_Progress_ReachesAllHouseholds()
    {
        var reports = new List<GenerationProgress>();
        new DemoDataGenerator(s_small).ForEachBatch(_ => { }, new SynchronousProgress(reports.Add), TestContext.Current.CancellationToken);

        Assert.Equal(3_000, reports[^1].HouseholdsDone);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.True(reports[^1].RowsProduced >= 33_000);
    }

    [Fact]
    public void ForEachBatch_ConsumerThrows_ErrorSurfaces()
    {
        var generator = new DemoDataGenerator(new GeneratorOptions { Households = 5_000, BatchSize = 500, Seed = 1 });
        var seen = 0;

        var error = Assert.Throws<InvalidOperationException>(() => generator.ForEachBatch(b =>
        {
            if (++seen == 3)
            {
                throw new InvalidOperationException("disk full");
            }
        }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(3, seen);
    }

    [Fact]
    public void ForEachBatch_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        var generator = new DemoDataGenerator(new GeneratorOptions { Households = 5_000, BatchSize = 500, Seed = 1, MaxDegreeOfParallelism = 1 });
        var seen = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => generator.ForEachBatch(_ =>
        {
            seen++;
            cancellation.Cancel();
        }, cancellationToken: cancellation.Token));
        Assert.Equal(1, seen);
    }

    [Fact]
    public void Constructor_FirstYearAfterLastYear_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DemoDataGenerator(new GeneratorOptions { FirstYear = 2025, LastYear = 2020 }));

        Assert.Equal("FirstYear", error.ParamName);
    }

    [Fact]
    public void Households_Incomes_NeverNegative()
    {
        var negative = _sample.HouseholdYears().Count(r =>
            r.Batch.Income[r.Row] < 0 || r.Batch.WageIncome[r.Row] < 0 || r.Batch.BusinessIncome[r.Row] < 0
            || r.Batch.PropertyIncome[r.Row] < 0 || r.Batch.TransferIncome[r.Row] < 0 || r.Batch.UnavoidableExpense[r.Row] < 0);

        Assert.Equal(0, negative);
    }

    [Fact]
    public void Households_IncomeComponents_SumToTotal()
    {
        var worst = _sample.HouseholdYears().Max(r =>
            Math.Abs(r.Batch.WageIncome[r.Row] + r.Batch.BusinessIncome[r.Row] + r.Batch.PropertyIncome[r.Row] + r.Batch.TransferIncome[r.Row] - r.Batch.Income[r.Row]));

        Assert.True(worst < 0.05, $"largest gap {worst}");
    }

    [Fact]
    public void Households_MonitoringDates_InRangeAndOrdered()
    {
        var first = new DateOnly(ProvinceTargets.MonitoringStartYear, 1, 1);
        var last = new DateOnly(2025, 12, 31);
        var identified = 0;
        foreach (var (batch, _, row) in _sample.HouseholdYears())
        {
            if (batch.IdentifiedDate[row] is { } id)
            {
                identified++;
                Assert.InRange(id, first, last);
                Assert.True(id.Year <= batch.Year[row], "identification after the row's year");
                if (batch.RiskEliminatedDate[row] is { } eliminated)
                {
                    Assert.InRange(eliminated, id.AddMonths(6), last);
                }
            }
            else
            {
                Assert.Null(batch.RiskEliminatedDate[row]);
                Assert.Equal(MonitoringStatus.NotMonitored, batch.MonitoringStatus[row]);
            }

            if (batch.NewlyIdentified[row])
            {
                Assert.Equal(batch.Year[row], batch.IdentifiedDate[row]!.Value.Year);
            }
        }

        Assert.True(identified > 1_000);
    }

    [Fact]
    public void Households_IllnessShock_IdentifiedFarMoreOften()
    {
        long ill = 0, illIdentified = 0, other = 0, otherIdentified = 0;
        foreach (var (batch, _, row) in _sample.HouseholdYears())
        {
            var year = batch.Year[row];
            var previousStatus = year > batch.FirstYear ? batch.MonitoringStatus[row - 1] : MonitoringStatus.NotMonitored;
            if (year < 2021 || previousStatus == MonitoringStatus.Monitored)
            {
                continue;
            }

            var illnessShock = (batch.RiskCauseMask[row] & RiskCause.Bit(RiskCause.Illness)) != 0 && batch.UnavoidableExpense[row] > 0;
            if (illnessShock)
            {
                ill++;
                illIdentified += batch.NewlyIdentified[row] ? 1 : 0;
            }
            else
            {
                other++;
                otherIdentified += batch.NewlyIdentified[row] ? 1 : 0;
            }
        }

        var illRate = (double)illIdentified / ill;
        var otherRate = (double)otherIdentified / other;
        Assert.True(illRate > 4 * otherRate, $"illness {illRate:P1} vs others {otherRate:P1}");
    }

    [Fact]
    public void Households_NoLabourAndChronicIllness_RaiseIdentification()
    {
        double Rate(Func<HouseholdBatch, int, bool> group)
        {
            long n = 0, identified = 0;
            foreach (var (batch, h, row) in _sample.HouseholdYears())
            {
                if (batch.Year[row] >= 2021 && group(batch, h))
                {
                    n++;
                    identified += batch.NewlyIdentified[row] ? 1 : 0;
                }
            }

            return (double)identified / n;
        }

        var noLabour = Rate((b, h) => b.LabourCount[h] == 0);
        var withLabour = Rate((b, h) => b.LabourCount[h] > 0 && b.ChronicIllCount[h] == 0 && b.DisabledCount[h] == 0);
        var chronic = Rate((b, h) => b.ChronicIllCount[h] > 0);

        Assert.True(noLabour > 1.5 * withLabour, $"no labour {noLabour:P2} vs healthy with labour {withLabour:P2}");
        Assert.True(chronic > 1.5 * withLabour, $"chronic {chronic:P2} vs healthy with labour {withLabour:P2}");
    }

    [Fact]
    public void Households_KeyAssistanceCounties_HigherIdentificationThanPilot()
    {
        var classOf = ClassByCounty();
        long keyN = 0, keyId = 0, pilotN = 0, pilotId = 0;
        foreach (var (batch, h, row) in _sample.HouseholdYears())
        {
            if (batch.Year[row] < 2021)
            {
                continue;
            }

            var cls = classOf[batch.CountyCode[h]];
            if (cls == CountyClass.KeyAssistance)
            {
                keyN++;
                keyId += batch.NewlyIdentified[row] ? 1 : 0;
            }
            else if (cls == CountyClass.Pilot)
            {
                pilotN++;
                pilotId += batch.NewlyIdentified[row] ? 1 : 0;
            }
        }

        Assert.True((double)keyId / keyN > 1.2 * pilotId / pilotN);
    }

    [Fact]
    public void Households_Categories_FollowHouseholdType()
    {
        foreach (var (batch, h, row) in _sample.HouseholdYears())
        {
            if (batch.MonitoredCategory[row] is not { } category)
            {
                continue;
            }

            if (batch.HouseholdType[h] == HouseholdType.PovertyAlleviated)
            {
                Assert.Equal(MonitoredCategory.Unstable, category);
            }
            else
            {
                Assert.Contains(category, new sbyte[] { MonitoredCategory.Edge, MonitoredCategory.SuddenHardship });
            }
        }
    }

    [Fact]
    public void Households_IdNumbers_FakeButWellFormed()
    {
        var batch = _sample.Batches[0];
        for (var h = 0; h < batch.Count; h++)
        {
            var id = batch.HeadIdNumber[h]!;
            Assert.Equal(18, id.Length);
            Assert.StartsWith(batch.CountyCode[h].ToString(), id);
            Assert.False(FakeIdentity.HasValidCheckDigit(id), $"{id} has a valid check digit");
            Assert.Equal(11, batch.HeadPhone[h]!.Length);
            Assert.StartsWith("10", batch.HeadPhone[h]);
        }
    }

    [Fact]
    public void Snapshots_OnlyMonitoredMonths_WithValidCodes()
    {
        var batch = _sample.Batches[0];
        var snapshots = batch.Snapshots;
        Assert.True(snapshots.Count > 1_000);
        var firstId = batch.HouseholdId[0];
        for (var s = 0; s < snapshots.Count; s++)
        {
            var h = (int)(snapshots.HouseholdId[s] - firstId);
            var row = h * batch.Years + snapshots.Year[s] - batch.FirstYear;
            var identified = batch.IdentifiedDate[row]!.Value;
            var monthStart = new DateOnly(snapshots.Year[s], snapshots.Month[s], 1);
            Assert.True(monthStart >= new DateOnly(identified.Year, identified.Month, 1));
            Assert.Equal(monthStart.AddMonths(1).AddDays(-1), snapshots.SnapshotDate[s]);
            Assert.InRange(snapshots.Status[s], SnapshotStatus.NewlyIdentified, SnapshotStatus.Eliminated);
            Assert.InRange(snapshots.Category[s], MonitoredCategory.Unstable, MonitoredCategory.SuddenHardship);
            Assert.True(snapshots.MonthsMonitored[s] >= 1);
        }
    }

    [Fact]
    public void Households_LabourInWork_NearPublishedProvinceFigureWhenWeighted()
    {
        double weighted = 0;
        foreach (var (batch, h, row) in _sample.HouseholdYears())
        {
            if (batch.Year[row] == 2021 && batch.HouseholdType[h] == HouseholdType.PovertyAlleviated)
            {
                weighted += batch.LabourInWork[row] * batch.SampleWeight[h];
            }
        }

        // The county indicators carry the exact figure; the weighted household sample only approximates it.
        Assert.InRange(weighted, 951_100 * 0.9, 951_100 * 1.1);
    }

    private Dictionary<int, CountyClass> ClassByCounty()
    {
        var counties = _sample.ProvinceTables[TableNames.Counties];
        var codes = counties.Get<int>("county_code");
        var classes = counties.Get<sbyte>("county_class");
        return codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => (CountyClass)classes[x.i]);
    }

    private static void AssertTablesEqual(ColumnTable expected, ColumnTable actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.Columns.Select(c => c.Name), actual.Columns.Select(c => c.Name));
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            var a = expected.Columns[c].Values;
            var b = actual.Columns[c].Values;
            for (var i = 0; i < expected.RowCount; i++)
            {
                Assert.Equal(a.GetValue(i), b.GetValue(i));
            }
        }
    }

    private sealed class SynchronousProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
