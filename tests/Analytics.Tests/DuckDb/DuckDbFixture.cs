using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

/// <summary>One in-memory DuckDB shared by a test class; each test takes its own connection.</summary>
public sealed class DuckDbFixture : IDisposable
{
    public DuckDbDatabase Database { get; } = DuckDbDatabase.Open();

    public void Dispose() => Database.Dispose();
}

/// <summary>A temporary directory removed after the test class.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("revival-test-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
