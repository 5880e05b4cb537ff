using System.Diagnostics;
using RevivalAnalytics.AppStore;

namespace RevivalAnalytics.Cli.Tests;

/// <summary>Runs the real <c>revival</c> executable built beside the tests and captures what it prints.</summary>
internal static class RevivalProcess
{
    public static (int Code, string Output, string Error) Run(params string[] args) => Run(null, args);

    /// <summary>Runs it to the end, on the given PostgreSQL app store when one is named (else the data folder's SQLite).</summary>
    public static (int Code, string Output, string Error) Run(AppStoreOptions? postgres, params string[] args)
    {
        using var process = Start(postgres, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    /// <summary>Starts it, for tests that stop it midway; the store settings go in the environment, as the dashboard's do.</summary>
    public static Process Start(AppStoreOptions? postgres, params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "revival"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (postgres is not null)
        {
            info.Environment["Revival__AppStore__Provider"] = "postgres";
            info.Environment["Revival__AppStore__ConnectionString"] = postgres.ConnectionString;
        }

        return Process.Start(info)!;
    }
}
