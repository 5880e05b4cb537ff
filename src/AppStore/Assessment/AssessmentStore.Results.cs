using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>A published revision of a county's result, read back.</summary>
/// <param name="County">The county's result with its trace, as published (its rank is the rank at scoring time).</param>
/// <param name="FieldCheck">Its field-check estimates, if any.</param>
/// <param name="Revision">1 for the first publication, then one more per correction.</param>
/// <param name="SchemeRecordId">The scheme version it was scored with.</param>
/// <param name="SchemeFingerprint">That scheme's fingerprint.</param>
/// <param name="DataVersion">The data version of its KPIs.</param>
/// <param name="ReviewedBy">Who reviewed it.</param>
/// <param name="PublishedBy">Who published it.</param>
/// <param name="PublishedAtUtc">When (UTC).</param>
/// <param name="Reason">Why it replaced the previous revision (null for the first).</param>
public sealed record PublishedCounty(
    CountyAssessment County,
    FieldCheckEstimates? FieldCheck,
    int Revision,
    long SchemeRecordId,
    string SchemeFingerprint,
    string DataVersion,
    string ReviewedBy,
    string PublishedBy,
    DateTime PublishedAtUtc,
    string? Reason);

public sealed partial class AssessmentStore
{
    /// <summary>The latest published revision of every county of a year that has one.</summary>
    /// <param name="year">The year.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One per published county, by code.</returns>
    public async Task<IReadOnlyList<PublishedCounty>> GetPublishedAsync(int year, CancellationToken cancellationToken = default)
    {
        var rows = await store.Set<PublishedRevision>().AsNoTracking()
            .Where(r => r.Year == year && r.Revision == store.Set<PublishedRevision>().Where(o => o.Year == r.Year && o.CountyCode == r.CountyCode).Max(o => o.Revision))
            .OrderBy(r => r.CountyCode)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToPublished).ToList();
    }

    /// <summary>Every published revision of a county's result, oldest first.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The revisions.</returns>
    public async Task<IReadOnlyList<PublishedCounty>> GetRevisionsAsync(int year, int countyCode, CancellationToken cancellationToken = default)
    {
        var rows = await store.Set<PublishedRevision>().AsNoTracking().Where(r => r.Year == year && r.CountyCode == countyCode)
            .OrderBy(r => r.Revision).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToPublished).ToList();
    }

    private static PublishedCounty ToPublished(PublishedRevision r)
    {
        var document = AssessmentJson.Read<PublishedDocument>(r.Json);
        return new PublishedCounty(document.County, document.FieldCheck, r.Revision, r.SchemeRecordId, r.SchemeFingerprint, r.DataVersion,
            r.ReviewedBy, r.PublishedBy, DateTime.SpecifyKind(r.PublishedAtUtc, DateTimeKind.Utc), r.Reason);
    }
}
