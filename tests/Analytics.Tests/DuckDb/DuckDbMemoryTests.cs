using DuckDB.NET.Data;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

/// <summary>
/// Measures the process's resident memory, so it runs alone: other tests allocating at the same time made it fail
/// for reasons outside the query core.
/// </summary>
[Collection(Name)]
public sealed class DuckDbMemoryTests
{
    public const string Name = "resident memory, not in parallel";

    [Fact]
    public void Connection_TenThousandQueries_ReleasesNativeMemory()
    {
        using var database = DuckDbDatabase.Open(null);
        using var connection = database.Connect();
        void RunBatch(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT ?::VARCHAR || repeat('x', 100) AS s, range AS i FROM range(50)";
                command.Parameters.Add(new DuckDBParameter(i));
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    _ = reader.GetString(0);
                }
            }
        }

        RunBatch(2000);
        var before = ResidentBytes();
        RunBatch(10000);
        var after = ResidentBytes();

        // Leaking one result or chunk per query would grow by far more than this (10,000 x tens of KB).
        Assert.True(after - before < 64L * 1024 * 1024, $"RSS grew by {(after - before) / 1024 / 1024} MB over 10,000 queries");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var status = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}

[CollectionDefinition(DuckDbMemoryTests.Name, DisableParallelization = true)]
public sealed class DuckDbMemoryCollection;
