using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RevivalAnalytics.AppStore.Accounts;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(128);
        // 117 county codes of 6 digits with commas fit in 1,000 characters.
        builder.Property(u => u.DataScope).HasMaxLength(1_000).IsRequired();
    }
}

internal sealed class AppRoleConfiguration : IEntityTypeConfiguration<AppRole>
{
    // The four roles exist in every store from its first migration, with fixed ids, so hosts never create them.
    public void Configure(EntityTypeBuilder<AppRole> builder) =>
        builder.HasData(AppRoles.All.Select(name => new AppRole(name)
        {
            Id = "role-" + name,
            NormalizedName = name.ToUpperInvariant(),
            ConcurrencyStamp = "role-" + name,
        }));
}
