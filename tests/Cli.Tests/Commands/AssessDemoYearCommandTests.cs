using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.AppStore.Assessment;

namespace RevivalAnalytics.Cli.Tests.Commands;

/// <summary>Runs the real <c>revival assess demo-year</c> against a data directory's app store (SQLite), or PostgreSQL
/// through the dashboard's environment variables, and kills it midway.</summary>
public sealed class AssessDemoYearCommandTests : IAsyncDisposable
{
    private const string PostgresDefault = "Host=127.0.0.1;Port=5432;Username=revival_test;Password=revival_test;Database=revival_test";
    private readonly string _root = Directory.CreateTempSubdirectory("revival-demo-year-").FullName;
    private string? _postgresDatabase;

    private string Data => Path.Combine(_root, "data");

    private string Export => Path.Combine(_root, "export");

    private static string PostgresServer =>
        Environment.GetEnvironmentVariable("REVIVAL_TEST_POSTGRES") is { Length: > 0 } configured ? configured : PostgresDefault;

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        if (_postgresDatabase is not null)
        {
            await using var connection = new NpgsqlConnection(PostgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Theory]
    [InlineData(AppStoreProvider.Sqlite)]
    [InlineData(AppStoreProvider.Postgres)]
    public async Task DemoYear_KilledWithSigkillMidWrite_EveryCountyWholeOrUntouched(AppStoreProvider provider)
    {
        Assert.Equal(0, RevivalProcess.Run("generate", "--out", Export, "--households", "4000", "--years", "2024-2025", "--seed", "11").Code);
        Assert.Equal(0, RevivalProcess.Run("import", Export, "--data", Data).Code);
        var postgres = provider == AppStoreProvider.Postgres ? await NewPostgresDatabaseAsync() : null;

        using var process = RevivalProcess.Start(postgres, "assess", "demo-year", "--data", Data, "--export", Export, "--year", "2025");
        var reported = new List<int>();
        var watch = Stopwatch.StartNew();
        while (reported.Count < 6 && watch.Elapsed < TimeSpan.FromSeconds(180) && process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("county ", StringComparison.Ordinal))
            {
                reported.Add(int.Parse(line["county ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        Assert.False(process.HasExited, "the demo year was written before it could be killed");
        process.Kill(); // SIGKILL on Linux: no finally block, no clean-up runs.
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        await using var services = Store(postgres ?? AppStoreOptions.ForDataDirectory(Data));
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        if (provider == AppStoreProvider.Sqlite)
        {
            Assert.Equal("ok", await db.Database.SqlQueryRaw<string>("SELECT integrity_check AS \"Value\" FROM pragma_integrity_check").SingleAsync(TestContext.Current.CancellationToken));
        }

        var counties = await db.Set<CountyWorkflow>().ToListAsync(TestContext.Current.CancellationToken);
        var entries = await db.Set<StoredEntry>().GroupBy(e => e.CountyCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, TestContext.Current.CancellationToken);
        var samples = await db.Set<StoredFieldSample>().Select(s => s.CountyCode).ToListAsync(TestContext.Current.CancellationToken);
        var withResults = await db.Set<StoredFieldResult>().Join(db.Set<StoredFieldSample>(), r => r.SampleId, s => s.Id, (r, s) => s.CountyCode).Distinct().ToListAsync(TestContext.Current.CancellationToken);
        var written = counties.Where(c => entries.ContainsKey(c.CountyCode)).Select(c => c.CountyCode).ToHashSet();

        Assert.NotEmpty(counties);
        Assert.Subset(written, reported.ToHashSet());
        Assert.True(written.Count < counties.Count, "every county was written: the kill came too late to test anything");
        // A county is whole (entries, sample, results) or untouched (draft, nothing stored): never half.
        Assert.Equal(written.Order(), samples.Order());
        Assert.Equal(written.Order(), withResults.Order());
        Assert.All(counties.Where(c => !written.Contains(c.CountyCode)), c => Assert.Equal(WorkflowState.Draft, c.State));
        Assert.Empty(await db.Set<PublishedRevision>().ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DemoYear_CompleteRun_PublishesAllButTheFiveLeftInTheWorkflow()
    {
        Assert.Equal(0, RevivalProcess.Run("generate", "--out", Export, "--households", "3000", "--years", "2024-2025", "--seed", "12").Code);
        Assert.Equal(0, RevivalProcess.Run("import", Export, "--data", Data).Code);

        var (code, output, error) = RevivalProcess.Run("assess", "demo-year", "--data", Data, "--export", Export, "--year", "2025");
        var again = RevivalProcess.Run("assess", "demo-year", "--data", Data, "--export", Export, "--year", "2025");

        Assert.True(code == 0, error);
        Assert.Contains("117", output, StringComparison.Ordinal);
        Assert.Equal(0, again.Code);
        Assert.Contains("unchanged", again.Output, StringComparison.Ordinal);
        await using var services = Store(AppStoreOptions.ForDataDirectory(Data));
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        var states = await db.Set<CountyWorkflow>().GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, TestContext.Current.CancellationToken);
        Assert.Equal(112, states[WorkflowState.Published]);
        Assert.Equal(2, states[WorkflowState.Draft]);
        Assert.Equal(112, await db.Set<PublishedRevision>().CountAsync(TestContext.Current.CancellationToken));
        var problemStates = await db.Set<StoredProblem>().Select(p => p.State).Distinct().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, problemStates.Count);
    }

    [Fact]
    public async Task DemoYear_WithPreviousYear_EarlierYearWholePublishedThenTheDemoYear()
    {
        Assert.Equal(0, RevivalProcess.Run("generate", "--out", Export, "--households", "3000", "--years", "2024-2025", "--seed", "13").Code);
        Assert.Equal(0, RevivalProcess.Run("import", Export, "--data", Data).Code);

        var (code, output, error) = RevivalProcess.Run("assess", "demo-year", "--data", Data, "--export", Export, "--year", "2025", "--previous-year", "2024");

        Assert.True(code == 0, error);
        Assert.Contains("earlier demo year written and published: 2024", output, StringComparison.Ordinal);
        await using var services = Store(AppStoreOptions.ForDataDirectory(Data));
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        var states = await db.Set<CountyWorkflow>().GroupBy(c => new { c.Year, c.State }).Select(g => new { g.Key.Year, g.Key.State, Count = g.Count() })
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(117, Assert.Single(states, s => s.Year == 2024).Count);
        Assert.Equal(WorkflowState.Published, Assert.Single(states, s => s.Year == 2024).State);
        Assert.Equal(112, states.Single(s => s.Year == 2025 && s.State == WorkflowState.Published).Count);
        var schemes = await db.Set<StoredScheme>().OrderBy(s => s.Version).Select(s => s.Year).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([2024, 2025], schemes);
        Assert.Equal(0, await db.Set<StoredProblem>().CountAsync(p => p.Year == 2024 && p.State == RevivalAnalytics.Assessment.ProblemState.InProgress, TestContext.Current.CancellationToken));
    }

    private async Task<AppStoreOptions> NewPostgresDatabaseAsync()
    {
        _postgresDatabase = "revival_cli_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(PostgresServer))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new AppStoreOptions
        {
            Provider = AppStoreProvider.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _postgresDatabase, Pooling = false }.ConnectionString,
        };
    }

    private static ServiceProvider Store(AppStoreOptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAppStore(options);
        return services.BuildServiceProvider();
    }
}
