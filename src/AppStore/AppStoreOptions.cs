using Microsoft.Extensions.Configuration;

namespace RevivalAnalytics.AppStore;

/// <summary>The database engine behind the app store.</summary>
public enum AppStoreProvider
{
    /// <summary>SQLite: one file, for a single app instance (the default).</summary>
    Sqlite,

    /// <summary>PostgreSQL (15 or later): for several app instances sharing one store.</summary>
    Postgres,
}

/// <summary>Where the app store lives.</summary>
public sealed class AppStoreOptions
{
    /// <summary>The configuration section: <c>Revival:AppStore:Provider</c> (<c>sqlite</c>, <c>postgres</c>) and
    /// <c>Revival:AppStore:ConnectionString</c>.</summary>
    public const string Section = "Revival:AppStore";

    /// <summary>The SQLite file's name in the data directory.</summary>
    public const string SqliteFileName = "app-store.db";

    /// <summary>The engine.</summary>
    public AppStoreProvider Provider { get; init; } = AppStoreProvider.Sqlite;

    /// <summary>An ADO.NET connection string for the provider (Microsoft.Data.Sqlite's or Npgsql's).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The default: a SQLite file <c>app-store.db</c> in <paramref name="dataDirectory"/>.</summary>
    /// <param name="dataDirectory">The data directory (a data store or an export folder).</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentException">The directory is empty.</exception>
    public static AppStoreOptions ForDataDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return new AppStoreOptions { ConnectionString = "Data Source=" + Path.Combine(Path.GetFullPath(dataDirectory), SqliteFileName) };
    }

    /// <summary>Reads <see cref="Section"/>; without a connection string, the default of
    /// <see cref="ForDataDirectory"/>.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="dataDirectory">The data directory, for the default SQLite file.</param>
    /// <returns>The options.</returns>
    /// <exception cref="AppStoreException">An unknown provider, or PostgreSQL without a connection string.</exception>
    public static AppStoreOptions FromConfiguration(IConfiguration configuration, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var providerText = section["Provider"];
        var provider = providerText?.ToLowerInvariant() switch
        {
            null or "" or "sqlite" => AppStoreProvider.Sqlite,
            "postgres" or "postgresql" => AppStoreProvider.Postgres,
            _ => throw new AppStoreException(
                $"未知的应用库类型 {Section}:Provider = \"{providerText}\"，可用 sqlite、postgres",
                $"Unknown app store provider {Section}:Provider = \"{providerText}\"; use sqlite or postgres."),
        };
        var connectionString = section["ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return provider == AppStoreProvider.Sqlite
                ? ForDataDirectory(dataDirectory)
                : throw new AppStoreException(
                    $"使用 PostgreSQL 时必须设置 {Section}:ConnectionString",
                    $"{Section}:ConnectionString is required with PostgreSQL.");
        }

        return new AppStoreOptions { Provider = provider, ConnectionString = connectionString };
    }
}

/// <summary>A problem with the app store's configuration or contents; the message is Chinese, then English.</summary>
public sealed class AppStoreException : Exception
{
    /// <summary>Creates the exception with a bilingual message.</summary>
    /// <param name="chinese">The message in Chinese.</param>
    /// <param name="english">The same in English.</param>
    public AppStoreException(string chinese, string english)
        : base($"{chinese} / {english}")
    {
    }

    /// <summary>Creates the exception.</summary>
    public AppStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AppStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AppStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
