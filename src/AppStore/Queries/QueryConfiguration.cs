using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RevivalAnalytics.AppStore.Queries;

internal sealed class SqlHistoryEntryConfiguration : IEntityTypeConfiguration<SqlHistoryEntry>
{
    public void Configure(EntityTypeBuilder<SqlHistoryEntry> builder)
    {
        builder.ToTable("sql_history");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.UserName).HasMaxLength(256).IsRequired();
        // The workbench accepts 20,000 characters.
        builder.Property(e => e.Sql).HasMaxLength(20_000).IsRequired();
        builder.Property(e => e.Parameters).HasMaxLength(4_000);
        builder.Property(e => e.DataVersion).HasMaxLength(128);
        builder.Property(e => e.Error).HasMaxLength(4_000);
        // A user's latest first.
        builder.HasIndex(e => new { e.UserName, e.Id });
    }
}

internal sealed class SavedQueryConfiguration : IEntityTypeConfiguration<SavedQuery>
{
    public void Configure(EntityTypeBuilder<SavedQuery> builder)
    {
        builder.ToTable("saved_queries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Owner).HasMaxLength(256).IsRequired();
        builder.Property(e => e.Scope).HasMaxLength(2_000).IsRequired();
        builder.Property(e => e.Name).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(2_000);
        builder.Property(e => e.Tags).HasMaxLength(500);
        builder.Property(e => e.Sql).HasMaxLength(20_000).IsRequired();
        builder.Property(e => e.Parameters).HasMaxLength(4_000);
        builder.HasIndex(e => e.Owner);
        builder.HasIndex(e => e.Shared);
    }
}
