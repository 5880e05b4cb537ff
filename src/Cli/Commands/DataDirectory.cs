namespace RevivalAnalytics.Cli.Commands;

/// <summary>Where commands look for data when --data is not given: $REVIVAL_DATA, else ./data, else the current folder.</summary>
internal static class DataDirectory
{
    public static string Default()
    {
        var configured = Environment.GetEnvironmentVariable("REVIVAL_DATA");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return Directory.Exists("data") ? Path.GetFullPath("data") : Directory.GetCurrentDirectory();
    }
}
