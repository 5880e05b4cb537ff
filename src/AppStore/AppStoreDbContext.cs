using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.AppStore.Audit;

namespace RevivalAnalytics.AppStore;

/// <summary>
/// The app's own transactional store: Identity's tables (users, roles, claims, logins, tokens), the users' scopes and
/// the audit log. One model, two providers with a migration history each (<see cref="SqliteAppStoreDbContext"/>,
/// <see cref="PostgresAppStoreDbContext"/>). Other areas add their entities with an
/// <see cref="IEntityTypeConfiguration{TEntity}"/> in this assembly and a migration per provider (docs/app-store.md).
/// </summary>
public abstract class AppStoreDbContext : IdentityDbContext<AppUser, AppRole, string>, IDataProtectionKeyContext
{
    /// <summary>Creates the context; <paramref name="options"/> name the provider.</summary>
    /// <param name="options">Options built for the provider-specific subclass.</param>
    protected AppStoreDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The audit log (append-only).</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The audit log's settings (one row).</summary>
    public DbSet<AuditSettings> AuditSettings => Set<AuditSettings>();

    /// <summary>ASP.NET Core's data-protection keys (they sign the sign-in cookies and antiforgery tokens), kept here
    /// so every app instance over the same store accepts the same cookies and a restart signs no one out.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Which provider this context speaks to.</summary>
    public abstract AppStoreProvider Provider { get; }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppStoreDbContext).Assembly);
    }
}

/// <summary>The store on SQLite: one file, the default (in the data directory).</summary>
public sealed class SqliteAppStoreDbContext(DbContextOptions<SqliteAppStoreDbContext> options) : AppStoreDbContext(options)
{
    /// <inheritdoc />
    public override AppStoreProvider Provider => AppStoreProvider.Sqlite;
}

/// <summary>The store on PostgreSQL, for deployments with several app instances.</summary>
public sealed class PostgresAppStoreDbContext(DbContextOptions<PostgresAppStoreDbContext> options) : AppStoreDbContext(options)
{
    /// <inheritdoc />
    public override AppStoreProvider Provider => AppStoreProvider.Postgres;
}
