using System.Diagnostics;

namespace RevivalAnalytics.Cli.Tests;

/// <summary>Runs the real <c>revival</c> executable built beside the tests and captures what it prints.</summary>
internal static class RevivalProcess
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "revival"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }
}
