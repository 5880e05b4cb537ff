using System.CommandLine;
using System.Globalization;
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

        var command = new Command("query", "运行一条只读 SQL 查询 / run one read-only SQL query")
        {
            sql, data, parameters, format, timeout, maxRows,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            parseResult.GetValue(sql)!,
            parseResult.GetValue(data),
            parseResult.GetValue(parameters) ?? [],
            parseResult.GetValue(format),
            parseResult.GetValue(timeout),
            parseResult.GetValue(maxRows),
            cancellationToken)));
        return command;
    }

    private static int Run(string sql, string? data, string[] parameters, ResultFormat format, double timeoutSeconds, int maxRows, CancellationToken cancellationToken)
    {
        if (timeoutSeconds <= 0 || double.IsNaN(timeoutSeconds))
        {
            Console.Error.WriteLine($"参数 --timeout 必须大于 0 / --timeout must be greater than 0 (got {timeoutSeconds.ToString(CultureInfo.InvariantCulture)}).");
            return 2;
        }

        var bound = new List<DuckDbParameter>();
        foreach (var parameter in parameters)
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                Console.Error.WriteLine($"参数 --param 应为 name=value：\"{parameter}\" / --param must be name=value: \"{parameter}\".");
                return 2;
            }

            bound.Add(new DuckDbParameter(parameter[..equals], InferValue(parameter[(equals + 1)..])));
        }

        var directory = data ?? DataDirectory.Default();
        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"数据目录不存在：{directory} / Data folder not found: {directory}");
            return 2;
        }

        try
        {
            using var database = SqlWorkspace.Open(directory, new SqlLimits { Timeout = TimeSpan.FromSeconds(timeoutSeconds) });
            using var connection = database.Connect();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = (int)Math.Ceiling(timeoutSeconds);
            foreach (var parameter in bound)
            {
                command.Parameters.Add(parameter);
            }

            using var registration = cancellationToken.Register(connection.Interrupt);
            using var reader = command.ExecuteReader();
            var output = Console.Out;
            ResultWriter.Write(reader, format, output, maxRows);
            return 0;
        }
        catch (DuckDbException error)
        {
            Console.Error.WriteLine(error.Message);
            return 1;
        }
    }

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
