using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;
using RevivalAnalytics.Cli.Output;
using RevivalAnalytics.DuckDb;
using RevivalAnalytics.Queries;

namespace RevivalAnalytics.Cli.Commands;

/// <summary><c>revival query "SQL"</c>: one read-only query over the data directory, printed as table, CSV or JSON.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var sql = new Argument<string>("sql") { Description = "SQL 查询（只读）/ the SQL query (read-only)" };
        var data = new Option<string?>("--data")
        {
            Description = "数据目录（每个子目录或 .parquet 文件成为一个视图）/ data folder: each table folder or .parquet file becomes a view",
        };
        var parameters = new Option<string[]>("--param")
        {
            Description = "参数 name=value，在 SQL 中写作 $name / a parameter name=value, used as $name in the SQL",
            AllowMultipleArgumentsPerToken = false,
        };
        var format = new Option<ResultFormat>("--format")
        {
            Description = "输出格式 / output format: table, csv, json",
            DefaultValueFactory = _ => ResultFormat.Table,
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "超时秒数 / time limit in seconds",
            DefaultValueFactory = _ => 30,
        };
        var maxRows = new Option<int>("--max-rows")
        {
            Description = "表格格式最多显示的行数 / most rows shown in table format",
            DefaultValueFactory = _ => 1000,
        };

        var personalData = new Option<bool>("--personal-data")
        {
            Description = "显示未遮蔽的个人信息(户主姓名、身份证号、电话),仅限授权人员 / show personal data (head names, ID numbers, phone numbers) unmasked; authorised operators only",
        };

        var command = new Command("query", "运行一条只读 SQL 查询;个人信息默认遮蔽 / run one read-only SQL query; personal data is masked unless --personal-data")
        {
            sql, data, parameters, format, timeout, maxRows, personalData,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            parseResult.GetValue(sql)!,
            parseResult.GetValue(data),
            parseResult.GetValue(parameters) ?? [],
            parseResult.GetValue(format),
            parseResult.GetValue(timeout),
            parseResult.GetValue(maxRows),
            parseResult.GetValue(personalData),
            cancellationToken)));
        return command;
    }

    private static int Run(string sql, string? data, string[] parameters, ResultFormat format, double timeoutSeconds, int maxRows, bool personalData, CancellationToken cancellationToken)
    {
        if (timeoutSeconds <= 0 || double.IsNaN(timeoutSeconds))
        {
            Console.Error.WriteLine($"参数 --timeout 必须大于 0 / --timeout must be greater than 0 (got {timeoutSeconds.ToString(CultureInfo.InvariantCulture)}).");
            return 2;
        }

        var bound = new List<DuckDBParameter>();
        foreach (var parameter in parameters)
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                Console.Error.WriteLine($"参数 --param 应为 name=value：\"{parameter}\" / --param must be name=value: \"{parameter}\".");
                return 2;
            }

            bound.Add(new DuckDBParameter(parameter[..equals], InferValue(parameter[(equals + 1)..])));
        }

        var directory = data ?? DataDirectory.Default();
        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"数据目录不存在：{directory} / Data folder not found: {directory}");
            return 2;
        }

        try
        {
            var limits = new SqlLimits { Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
            // Masking the result columns cannot work for arbitrary SQL (an alias, upper(), substr(), a LIKE filter or a
            // cast error's message all carry the raw value past any column-name rule), so without --personal-data the
            // query runs where the raw values do not exist: the dashboard's personal-data-free workspace, with the
            // personal columns masked when they are copied in and the raw files unreadable. Only the tables the SQL names
            // are copied (households at 2,000,000 rows is the expensive one).
            using var analytics = AnalyticsContext.Open(directory, new AnalyticsOptions { Sql = limits });
            using var workspace = personalData ? analytics.Sql.OpenWithPersonalData() : analytics.Sql.OpenMasked(onlyTablesNamedIn: sql);
            var masked = !personalData && NamesMaskedTable(workspace.Sandbox, sql);
            using var reader = workspace.Sandbox.ExecuteReader(sql, bound, cancellationToken);
            var output = Console.Out;
            ResultWriter.Write(reader, format, output, maxRows);
            if (masked)
            {
                Console.Error.WriteLine("注意:户主姓名、身份证号和电话已遮蔽(如 张*、140121********1234);授权人员可加 --personal-data 查看原值。"
                    + " Note: head names, ID numbers and phone numbers are masked (e.g. 张*, 140121********1234); authorised operators can add --personal-data to see them.");
            }

            return 0;
        }
        catch (ArgumentException error)
        {
            // A parameter the query uses was not given with --param.
            Console.Error.WriteLine(error.Message);
            return 2;
        }
        catch (Exception error) when (error is DbException or TimeoutException or InvalidCastException or InvalidOperationException)
        {
            // DuckDB's own message (DuckDBException), the sandbox's refusal, the time limit, a value with no .NET form, or a
            // data store without a version yet.
            Console.Error.WriteLine(error.Message);
            return 1;
        }
    }

    // The masked workspace's base tables are exactly the tables copied in with masked columns; a query naming none of
    // them shows no personal data and gets no note.
    private static bool NamesMaskedTable(DuckDbSandbox workspace, string sql) =>
        workspace.QueryColumns("SELECT table_name FROM duckdb_tables()").GetStrings("table_name")
            .Any(table => table is not null && sql.Contains(table, StringComparison.OrdinalIgnoreCase));

    /// <summary>Numbers and booleans travel typed (DuckDB does not compare VARCHAR with INTEGER implicitly).</summary>
    internal static object InferValue(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }

        if (bool.TryParse(text, out var flag))
        {
            return flag;
        }

        return text;
    }
}
