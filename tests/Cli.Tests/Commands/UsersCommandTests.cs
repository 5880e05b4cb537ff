using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RevivalAnalytics.AppStore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;

namespace RevivalAnalytics.Cli.Tests.Commands;

/// <summary>Runs the real <c>revival users</c> against the app store of a data directory (SQLite), or PostgreSQL through
/// the same environment variables as the dashboard.</summary>
public sealed class UsersCommandTests : IAsyncDisposable
{
    private const string PostgresDefault = "Host=127.0.0.1;Port=5432;Username=revival_test;Password=revival_test;Database=revival_test";
    private readonly string _root = Directory.CreateTempSubdirectory("revival-users-cli-").FullName;
    private string? _postgresDatabase;

    private string Data => Path.Combine(_root, "data");

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

    [Fact]
    public async Task Demo_EmptyStore_CreatesOneUserPerRoleOncePasswordsInAPrivateFile()
    {
        Directory.CreateDirectory(Data);

        var (first, firstOut, _) = RevivalProcess.Run("users", "demo", "--data", Data);
        var (second, secondOut, _) = RevivalProcess.Run("users", "demo", "--data", Data);

        Assert.Equal((0, 0), (first, second));
        var file = Path.Combine(Data, "demo-users.txt");
        // The project builds for linux-x64 only.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(file));
        var lines = File.ReadAllLines(file).Select(l => l.Split('\t')).ToList();
        Assert.Equal(["admin", "leader", "analyst", "evaluator", "taiyuan", "wuzhai"], lines.Select(l => l[0]));
        Assert.All(lines, l => Assert.Contains(l[1], firstOut, StringComparison.Ordinal));
        Assert.Contains("already has users", secondOut, StringComparison.Ordinal);
        Assert.DoesNotContain(lines[0][1], secondOut, StringComparison.Ordinal);
        await using var store = Store(AppStoreOptions.ForDataDirectory(Data));
        using var scope = store.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        foreach (var line in lines)
        {
            var user = await users.FindByNameAsync(line[0]);
            Assert.True(await users.CheckPasswordAsync(user!, line[1]));
            Assert.Equal(line[2], string.Join(",", await users.GetRolesAsync(user!)));
            Assert.Equal(line[3], user!.DataScope);
        }
    }

    [Fact]
    public void Add_BadScope_ExitsTwoNamingIt()
    {
        var (code, _, error) = RevivalProcess.Run("users", "add", "someone", "--role", "leader", "--scope", "prefecture:140105", "--data", Data);

        Assert.Equal(2, code);
        Assert.Contains("140105 is not a prefecture code", error, StringComparison.Ordinal);
        Assert.StartsWith("数据范围", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_ThenSignInPasswordWorksAndMustBeChanged()
    {
        var (code, output, _) = RevivalProcess.Run("users", "add", "xinzhou", "--role", "analyst", "--role", "leader", "--scope", "prefecture:140900", "--data", Data);

        Assert.Equal(0, code);
        var password = output.Trim().Split(' ')[^1];
        await using var store = Store(AppStoreOptions.ForDataDirectory(Data));
        using var scope = store.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync("xinzhou"))!;
        Assert.True(await users.CheckPasswordAsync(user, password));
        Assert.True(user.MustChangePassword);
        var entry = await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries.SingleAsync(e => e.Action == AuditActions.UserCreate);
        Assert.Equal("cli:" + Environment.UserName, entry.Actor);
    }

    [Theory]
    [InlineData(AppStoreProvider.Sqlite)]
    [InlineData(AppStoreProvider.Postgres)]
    public async Task Import_KilledWithSigkillMidWrite_EveryReportedUserWholeAndNoneHalfWritten(AppStoreProvider provider)
    {
        var options = provider == AppStoreProvider.Sqlite ? AppStoreOptions.ForDataDirectory(Data) : await NewPostgresDatabaseAsync();
        Directory.CreateDirectory(Data);
        var csv = Path.Combine(_root, "users.csv");
        // Each user: two roles, a scope, and its audit entry, in one transaction; the real password hasher makes each
        // write take long enough to be killed in the middle of the run.
        await File.WriteAllLinesAsync(csv, ["user_name,display_name,roles,scope,personal_data", .. Enumerable.Range(0, 400).Select(i => $"u{i:D3},用户{i},leader;analyst,counties:140105,0")]);
        var environment = provider == AppStoreProvider.Sqlite ? null : options;

        using var process = RevivalProcess.Start(environment, "users", "import", csv, "--passwords", Path.Combine(_root, "passwords.txt"), "--data", Data);
        var reported = new List<string>();
        var watch = Stopwatch.StartNew();
        while (reported.Count < 8 && watch.Elapsed < TimeSpan.FromSeconds(120) && process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("created ", StringComparison.Ordinal))
            {
                reported.Add(line["created ".Length..]);
            }
        }

        Assert.False(process.HasExited, "the import finished before it could be killed");
        process.Kill(); // SIGKILL on Linux: no finally block, no clean-up runs.
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        await using var store = Store(options);
        using var scope = store.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppStoreDbContext>();
        if (provider == AppStoreProvider.Sqlite)
        {
            Assert.Equal("ok", await db.Database.SqlQueryRaw<string>("SELECT integrity_check AS \"Value\" FROM pragma_integrity_check").SingleAsync(TestContext.Current.CancellationToken));
        }

        var names = await db.Users.Select(u => u.UserName!).ToListAsync(TestContext.Current.CancellationToken);
        var roleCounts = await db.UserRoles.GroupBy(r => r.UserId).Select(g => g.Count()).ToListAsync(TestContext.Current.CancellationToken);
        var created = await db.AuditEntries.Where(e => e.Action == AuditActions.UserCreate).Select(e => e.Target!).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Subset(names.ToHashSet(), reported.ToHashSet());
        Assert.True(names.Count < 400);
        Assert.All(roleCounts, n => Assert.Equal(2, n));
        Assert.Equal(names.Count, roleCounts.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), created.Order(StringComparer.Ordinal));
        var passwords = File.ReadAllLines(Path.Combine(_root, "passwords.txt")).Select(l => l.Split('\t')[0]).ToHashSet();
        Assert.Subset(passwords, reported.ToHashSet());
    }

    [Fact]
    public async Task ImportData_Published_RecordedInTheAuditLogOfTheDataDirectory()
    {
        var export = Path.Combine(_root, "export");
        Assert.Equal(0, RevivalProcess.Run("generate", "--out", export, "--households", "300", "--seed", "5", "--force").Code);

        var (code, _, _) = RevivalProcess.Run("import", export, "--data", Data);

        Assert.Equal(0, code);
        await using var store = Store(AppStoreOptions.ForDataDirectory(Data));
        using var scope = store.CreateScope();
        var entry = await scope.ServiceProvider.GetRequiredService<AuditLog>().Entries.SingleAsync(e => e.Action == AuditActions.Import, TestContext.Current.CancellationToken);
        Assert.Equal(("v0001", true), (entry.Target, entry.Succeeded));
        Assert.StartsWith("cli:", entry.Actor, StringComparison.Ordinal);
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
        services.AddAppStoreAccounts();
        return services.BuildServiceProvider();
    }
}
