using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Tests.Data.Generation;
using Xunit;

namespace RevivalAnalytics.Tests.Data;

public sealed class DataContractTests : IClassFixture<GeneratedSample>
{
    private readonly GeneratedSample _sample;

    public DataContractTests(GeneratedSample sample) => _sample = sample;

    private IEnumerable<ColumnTable> AllGeneratedTables()
    {
        foreach (var table in _sample.ProvinceTables.Values)
        {
            yield return table;
        }

        var batch = _sample.Batches[0];
        yield return batch.HouseholdsTable();
        yield return batch.HouseholdYearsTable();
        yield return batch.SnapshotsTable();
    }

    [Fact]
    public void Tables_GeneratorOutput_MatchesContractColumnsTypesAndNullability()
    {
        var generated = AllGeneratedTables().ToList();

        Assert.Equal(DataContract.Tables.Select(t => t.Name).Order(), generated.Select(t => t.Name).Order());
        foreach (var table in generated)
        {
            var contract = DataContract.Table(table.Name);
            Assert.Equal(contract.Columns.Select(c => $"{c.Name} {c.Type} {c.Nullable}"), table.Columns.Select(c => $"{c.Name} {c.SqlType} {c.Nullable}"));
        }
    }

    [Fact]
    public void CodeLists_GeneratedCodesAndMasks_AllInTheirLists()
    {
        foreach (var table in AllGeneratedTables())
        {
            foreach (var column in DataContract.Table(table.Name).Columns.Where(c => c.CodeList is not null))
            {
                var list = DataContract.CodeLists[column.CodeList!];
                var values = table.Columns.Single(c => c.Name == column.Name).Values;
                for (var r = 0; r < table.RowCount; r++)
                {
                    if (values.GetValue(r) is not { } boxed)
                    {
                        continue;
                    }

                    var value = Convert.ToInt32(boxed);
                    if (column.IsMask)
                    {
                        Assert.True((value & ~list.AllowedMask) == 0, $"{table.Name}.{column.Name} row {r}: mask {value}");
                    }
                    else
                    {
                        Assert.True(list.Contains(value), $"{table.Name}.{column.Name} row {r}: code {value}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Keys_GeneratedTables_Unique()
    {
        foreach (var table in AllGeneratedTables())
        {
            var key = DataContract.Table(table.Name).Key.Select(k => table.Columns.Single(c => c.Name == k).Values).ToArray();
            var distinct = Enumerable.Range(0, table.RowCount).Select(r => string.Join("|", key.Select(k => k.GetValue(r)))).Distinct().Count();

            Assert.Equal(table.RowCount, distinct);
        }
    }

    [Fact]
    public void PersonalColumns_AreNameIdNumberAndPhoneOnly()
    {
        var personal = DataContract.Tables.SelectMany(t => t.Columns.Where(c => c.IsPersonal).Select(c => $"{t.Name}.{c.Name}"));

        Assert.Equal(["households.head_name", "households.head_id_number", "households.head_phone"], personal);
    }

    [Fact]
    public void Table_UnknownName_ThrowsBilingualMessage()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => DataContract.Table("nope"));

        Assert.Contains("数据契约中没有表", error.Message);
        Assert.Contains("no table \"nope\"", error.Message);
    }

    [Fact]
    public void CodeLists_RiskCauseLabel_IsChinese()
    {
        Assert.Equal("因病", DataContract.CodeLists["risk_cause"].ChineseLabel(1));
        Assert.Null(DataContract.CodeLists["risk_cause"].ChineseLabel(99));
    }
}
