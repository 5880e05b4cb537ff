using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Assessment;
using RevivalAnalytics.AppStore.Audit;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore;

/// <summary>Registration of the app store for a host (the dashboard, the <c>revival</c> command).</summary>
public static class AppStoreServices
{
    /// <summary>Registers <see cref="AppStoreDbContext"/> (the provider's subclass) and <see cref="AuditLog"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">Provider and connection string.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddAppStore(this IServiceCollection services, AppStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddAppStore(options.Provider, _ => options);
    }

    /// <summary>Registers the store with options read when it is first used (a host whose data directory is resolved
    /// after registration).</summary>
    /// <param name="services">The services.</param>
    /// <param name="provider">The engine (it decides the context type now).</param>
    /// <param name="options">Reads the options on first use; their provider must be <paramref name="provider"/>.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddAppStore(this IServiceCollection services, AppStoreProvider provider, Func<IServiceProvider, AppStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        if (provider == AppStoreProvider.Sqlite)
        {
            services.AddDbContext<SqliteAppStoreDbContext>((sp, builder) => UseSqlite(builder, sp.GetRequiredService<AppStoreOptions>().ConnectionString));
            services.AddScoped<AppStoreDbContext>(sp => sp.GetRequiredService<SqliteAppStoreDbContext>());
        }
        else
        {
            services.AddDbContext<PostgresAppStoreDbContext>((sp, builder) => UsePostgres(builder, sp.GetRequiredService<AppStoreOptions>().ConnectionString));
            services.AddScoped<AppStoreDbContext>(sp => sp.GetRequiredService<PostgresAppStoreDbContext>());
        }

        services.AddScoped<AuditLog>();
        services.AddScoped<AccountAdministration>();
        services.AddScoped<Queries.SqlQueryStore>();
        services.AddScoped<AssessmentStore>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Registers the post-assessment's workflow (<see cref="AssessmentWorkflow"/>, scoped, with a score cache
    /// shared by the host) over the store and the host's scoring service.</summary>
    /// <param name="services">The services (with the app store).</param>
    /// <param name="assessment">Gives the scoring service over the host's metric layer; null when the host registers
    /// <see cref="AssessmentService"/> itself (the dashboard: one per request's data snapshot).</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddAssessmentWorkflow(this IServiceCollection services, Func<IServiceProvider, AssessmentService>? assessment = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (assessment is not null)
        {
            services.AddScoped(assessment);
        }

        services.AddSingleton<AssessmentScoreCache>();
        services.AddScoped<AssessmentWorkflow>();
        return services;
    }

    /// <summary>The account rules every host applies: passwords of at least 10 characters with upper- and lower-case
    /// letters and digits; 5 failed sign-ins lock an account for 15 minutes; unique user names.</summary>
    /// <param name="options">Identity's options.</param>
    public static void ConfigureAccounts(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireUppercase = true;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = false;
        options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
    }

    /// <summary>Identity's user and role managers over the store, for a host without sign-in (the command line).</summary>
    /// <param name="services">The services (with <see cref="AddAppStore(IServiceCollection, AppStoreOptions)"/>).</param>
    /// <returns>Identity's builder.</returns>
    public static IdentityBuilder AddAppStoreAccounts(this IServiceCollection services) =>
        services.AddIdentityCore<AppUser>(ConfigureAccounts)
            .AddRoles<AppRole>()
            .AddErrorDescriber<BilingualIdentityErrors>()
            .AddEntityFrameworkStores<AppStoreDbContext>();

    internal static void UseSqlite(DbContextOptionsBuilder builder, string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!string.IsNullOrEmpty(file) && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
            // Password hashes and signing keys: the file is the owner's alone (SQLite gives its -wal and -shm files the
            // same mode). An empty file is an empty database.
            if (!File.Exists(file) && !OperatingSystem.IsWindows())
            {
                using var created = new FileStream(file, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
        }

        builder.UseSqlite(connectionString);
    }

    internal static void UsePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString);
}
