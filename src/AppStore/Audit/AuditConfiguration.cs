using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RevivalAnalytics.AppStore.Audit;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Action).HasMaxLength(40).IsRequired();
        builder.Property(e => e.Actor).HasMaxLength(256).IsRequired();
        builder.Property(e => e.Target).HasMaxLength(512);
        // The SQL page accepts 20,000 characters; a detail holds at most that plus a little.
        builder.Property(e => e.Detail).HasMaxLength(24_000);
        builder.Property(e => e.Scope).HasMaxLength(2_000);
        builder.Property(e => e.ClientAddress).HasMaxLength(64);
        // The admin page filters by time, action and actor.
        builder.HasIndex(e => e.AtUtc);
        builder.HasIndex(e => new { e.Action, e.AtUtc });
        builder.HasIndex(e => new { e.Actor, e.AtUtc });
    }
}

internal sealed class AuditSettingsConfiguration : IEntityTypeConfiguration<AuditSettings>
{
    public void Configure(EntityTypeBuilder<AuditSettings> builder)
    {
        builder.ToTable("audit_settings", table =>
        {
            table.HasCheckConstraint("ck_audit_settings_retention", $"\"RetentionDays\" >= {AuditSettings.MinimumRetentionDays}");
            table.HasCheckConstraint("ck_audit_settings_single_row", "\"Id\" = 1");
        });
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasData(new AuditSettings());
    }
}
