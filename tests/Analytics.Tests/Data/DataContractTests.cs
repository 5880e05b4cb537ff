using System.Text.RegularExpressions;
using RevivalAnalytics.Data;
using RevivalAnalytics.Data.Generation;
using RevivalAnalytics.Tests.Data.Generation;
using Xunit;

namespace RevivalAnalytics.Tests.Data;

public sealed partial class DataContractTests : IClassFixture<GeneratedSample>
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

    [Fact]
    public void Document_Tables_SameColumnsTypesNullabilityAndPersonalData()
    {
        var documented = ContractDocument.Tables;

        Assert.Equal(DataContract.Tables.Select(t => t.Name).Order(), documented.Keys.Order());
        foreach (var table in DataContract.Tables)
        {
            var expected = table.Columns.Select(c => $"{c.Name} {c.Type} {(c.Nullable ? "null" : "not null")}{(c.IsPersonal ? " PII" : "")}{(c.CodeList is { } list ? " `" + list + "`" : "")}");
            var rows = documented[table.Name].Select(r => $"{r.Name} {r.Type} {(r.Nullable ? "null" : "not null")}{(r.Personal ? " PII" : "")}{(r.CodeList is { } list ? " `" + list + "`" : "")}");
            Assert.Equal(expected, rows);
        }
    }

    [Fact]
    public void Document_CodeLists_SameCodesAndLabels()
    {
        var documented = ContractDocument.CodeLists;

        Assert.Equal(DataContract.CodeLists.Keys.Order(), documented.Keys.Order());
        foreach (var (name, list) in DataContract.CodeLists)
        {
            Assert.Equal(list.Values.Select(v => $"{v.Code} {v.Chinese} / {v.English}"), documented[name]);
        }
    }

    [Fact]
    public void Labels_CountyClass_FromTheCodeConstants()
    {
        var labels = DataContract.Labels("county_class");

        Assert.Equal([(int)CountyClass.Pilot, (int)CountyClass.Overall, (int)CountyClass.KeyAssistance], labels.Keys.Order());
        Assert.Equal(("重点帮扶县", "Key assistance"), labels[(int)CountyClass.KeyAssistance]);
        Assert.Equal(17, RiskCause.Bit(RiskCause.Disaster) | RiskCause.Bit(RiskCause.Illness));
        Assert.Throws<KeyNotFoundException>(() => DataContract.Labels("nope"));
    }

    [Fact]
    public void PersonalDataColumns_FromTheColumnsMarkedPersonal()
    {
        Assert.Equal(["head_name", "head_id_number", "head_phone"], DataContract.PersonalDataColumns);
    }

    /// <summary>docs/data-contract.md as data: section 3's column tables and section 5's code lists.</summary>
    private static partial class ContractDocument
    {
        private static readonly Lazy<string> s_text = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "data-contract.md")));

        public static Dictionary<string, List<(string Name, string Type, bool Nullable, bool Personal, string? CodeList)>> Tables
        {
            get
            {
                var tables = new Dictionary<string, List<(string, string, bool, bool, string?)>>(StringComparer.Ordinal);
                List<(string, string, bool, bool, string?)>? current = null;
                foreach (var line in s_text.Value.Split('\n'))
                {
                    if (TableHeading().Match(line) is { Success: true } heading)
                    {
                        current = tables[heading.Groups[1].Value] = [];
                    }
                    else if (line.StartsWith("## ", StringComparison.Ordinal))
                    {
                        current = null;
                    }
                    else if (current is not null && line.StartsWith("| ", StringComparison.Ordinal) && !line.StartsWith("| column", StringComparison.Ordinal))
                    {
                        // | column | type | unit | 中文 | null | constraint |; a code column names its list in backticks.
                        var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                        var constraint = cells[6];
                        var list = cells[3] is "code" or "bitmask" ? BacktickedName().Match(constraint).Groups[1].Value : null;
                        current.Add((cells[1], cells[2], cells[5].StartsWith("yes", StringComparison.Ordinal), constraint.Contains("**PII**", StringComparison.Ordinal), list is { Length: > 0 } ? list : null));
                    }
                }

                return tables;
            }
        }

        public static Dictionary<string, List<string>> CodeLists
        {
            get
            {
                var section = s_text.Value[s_text.Value.IndexOf("## 5. Code lists", StringComparison.Ordinal)..s_text.Value.IndexOf("## 6.", StringComparison.Ordinal)];
                return section.Split('\n')
                    .Select(line => CodeListRow().Match(line))
                    .Where(m => m.Success)
                    .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Split("; ").Select(c => c.Trim()).ToList(), StringComparer.Ordinal);
            }
        }

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "RevivalAnalytics.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new DirectoryNotFoundException("RevivalAnalytics.sln not found above " + AppContext.BaseDirectory);
        }

        [GeneratedRegex(@"^### 3\.\d+ `(\w+)`")]
        private static partial Regex TableHeading();

        [GeneratedRegex(@"`(\w+)`")]
        private static partial Regex BacktickedName();

        [GeneratedRegex(@"^\| `(\w+)`[^|]* \| (.+) \|$")]
        private static partial Regex CodeListRow();
    }
}
