using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RevivalAnalytics.AppStore.Assessment;

// The post-assessment's tables, all named assessment_*; nothing here refers to the other areas' tables except by user
// name, so the area migrates on its own.
internal sealed class StoredSchemeConfiguration : IEntityTypeConfiguration<StoredScheme>
{
    public void Configure(EntityTypeBuilder<StoredScheme> builder)
    {
        builder.ToTable("assessment_schemes");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.SchemeId, s.Version }).IsUnique();
        builder.Property(s => s.SchemeId).HasMaxLength(64).IsRequired();
        builder.Property(s => s.NameZh).HasMaxLength(200).IsRequired();
        builder.Property(s => s.NameEn).HasMaxLength(200).IsRequired();
        builder.Property(s => s.Fingerprint).HasMaxLength(16).IsRequired();
        builder.Property(s => s.Json).IsRequired();
        builder.Property(s => s.Note).HasMaxLength(2_000);
        builder.Property(s => s.CreatedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class AssessmentYearConfiguration : IEntityTypeConfiguration<AssessmentYearRecord>
{
    public void Configure(EntityTypeBuilder<AssessmentYearRecord> builder)
    {
        builder.ToTable("assessment_years");
        builder.HasKey(y => y.Year);
        builder.Property(y => y.Year).ValueGeneratedNever();
        builder.HasOne<StoredScheme>().WithMany().HasForeignKey(y => y.SchemeRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(y => y.CreatedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class CountyWorkflowConfiguration : IEntityTypeConfiguration<CountyWorkflow>
{
    public void Configure(EntityTypeBuilder<CountyWorkflow> builder)
    {
        builder.ToTable("assessment_counties");
        builder.HasKey(c => new { c.Year, c.CountyCode });
        builder.HasOne<AssessmentYearRecord>().WithMany().HasForeignKey(c => c.Year).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(20).IsRequired();
        builder.Property(c => c.ScoresSubmittedBy).HasMaxLength(256);
        builder.Property(c => c.ReviewedBy).HasMaxLength(256);
        builder.Property(c => c.Note).HasMaxLength(2_000);
        builder.Property(c => c.UpdatedBy).HasMaxLength(256).IsRequired();
        builder.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class StoredEntryConfiguration : IEntityTypeConfiguration<StoredEntry>
{
    public void Configure(EntityTypeBuilder<StoredEntry> builder)
    {
        builder.ToTable("assessment_entries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        // A later entry for the same county, item and source replaces the earlier one.
        builder.HasIndex(e => new { e.Year, e.CountyCode, e.IndicatorId, e.Source }).IsUnique();
        builder.HasOne<AssessmentYearRecord>().WithMany().HasForeignKey(e => e.Year).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.IndicatorId).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(20).IsRequired();
        builder.Property(e => e.Note).HasMaxLength(2_000);
        builder.Property(e => e.EnteredBy).HasMaxLength(256).IsRequired();
        builder.Property(e => e.Origin).HasMaxLength(260).IsRequired();
    }
}

internal sealed class StoredFieldSampleConfiguration : IEntityTypeConfiguration<StoredFieldSample>
{
    public void Configure(EntityTypeBuilder<StoredFieldSample> builder)
    {
        builder.ToTable("assessment_field_samples");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.Year, s.CountyCode }).IsUnique();
        builder.HasOne<AssessmentYearRecord>().WithMany().HasForeignKey(s => s.Year).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Json).IsRequired();
        builder.Property(s => s.DrawnBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class StoredFieldResultConfiguration : IEntityTypeConfiguration<StoredFieldResult>
{
    public void Configure(EntityTypeBuilder<StoredFieldResult> builder)
    {
        builder.ToTable("assessment_field_results");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.SampleId, r.HouseholdId }).IsUnique();
        builder.HasOne<StoredFieldSample>().WithMany().HasForeignKey(r => r.SampleId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.CheckedBy).HasMaxLength(256).IsRequired();
        builder.Property(r => r.Note).HasMaxLength(2_000);
        builder.Property(r => r.ImportedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class PublishedRevisionConfiguration : IEntityTypeConfiguration<PublishedRevision>
{
    public void Configure(EntityTypeBuilder<PublishedRevision> builder)
    {
        builder.ToTable("assessment_results");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.Year, r.CountyCode, r.Revision }).IsUnique();
        builder.HasIndex(r => new { r.Year, r.CountyClass });
        builder.HasOne<AssessmentYearRecord>().WithMany().HasForeignKey(r => r.Year).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<StoredScheme>().WithMany().HasForeignKey(r => r.SchemeRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.SchemeFingerprint).HasMaxLength(16).IsRequired();
        builder.Property(r => r.DataVersion).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Grade).HasConversion<string>().HasMaxLength(20).IsRequired();
        builder.Property(r => r.Json).IsRequired();
        builder.Property(r => r.Reason).HasMaxLength(2_000);
        builder.Property(r => r.ReviewedBy).HasMaxLength(256).IsRequired();
        builder.Property(r => r.PublishedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class StoredProblemConfiguration : IEntityTypeConfiguration<StoredProblem>
{
    public void Configure(EntityTypeBuilder<StoredProblem> builder)
    {
        builder.ToTable("assessment_problems");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.HasOne<AssessmentYearRecord>().WithMany().HasForeignKey(p => p.Year).OnDelete(DeleteBehavior.Restrict);
        // The problems page filters by year, county or class and state, and sorts by deadline.
        builder.HasIndex(p => new { p.Year, p.CountyCode });
        builder.HasIndex(p => new { p.Year, p.CountyClass, p.State });
        builder.HasIndex(p => p.Deadline);
        builder.Property(p => p.IndicatorId).HasMaxLength(64).IsRequired();
        builder.Property(p => p.Origin).HasConversion<string>().HasMaxLength(20).IsRequired();
        builder.Property(p => p.DescriptionZh).HasMaxLength(1_000).IsRequired();
        builder.Property(p => p.DescriptionEn).HasMaxLength(1_000).IsRequired();
        builder.Property(p => p.Owner).HasMaxLength(200).IsRequired();
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20).IsRequired();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasMany(p => p.Notes).WithOne().HasForeignKey(n => n.ProblemId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StoredProblemNoteConfiguration : IEntityTypeConfiguration<StoredProblemNote>
{
    public void Configure(EntityTypeBuilder<StoredProblemNote> builder)
    {
        builder.ToTable("assessment_problem_notes");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.State).HasConversion<string>().HasMaxLength(20).IsRequired();
        builder.Property(n => n.By).HasMaxLength(256).IsRequired();
        builder.Property(n => n.Text).HasMaxLength(2_000).IsRequired();
    }
}
