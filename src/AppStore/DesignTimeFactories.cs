using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace RevivalAnalytics.AppStore;

// For `dotnet ef migrations add` only (eng/add-migration.sh): the tool needs a context per provider, never a database.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppStoreDbContext>
{
    public SqliteAppStoreDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteAppStoreDbContext>();
        builder.UseSqlite("Data Source=design-time.db");
        return new SqliteAppStoreDbContext(builder.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppStoreDbContext>
{
    public PostgresAppStoreDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresAppStoreDbContext>();
        builder.UseNpgsql("Host=127.0.0.1;Database=design_time");
        return new PostgresAppStoreDbContext(builder.Options);
    }
}
