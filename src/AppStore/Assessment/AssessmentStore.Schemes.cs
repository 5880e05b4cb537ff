using Microsoft.EntityFrameworkCore;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Assessment;
using RevivalAnalytics.Metrics;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>Where a scheme version is used: the years scored with it and the years with results published under it.
/// A version with published results is kept as it is for good (the store refuses to change any version); a change is
/// saved as a new version.</summary>
/// <param name="SchemeRecordId">The version's row id.</param>
/// <param name="Years">Years that use it now.</param>
/// <param name="PublishedYears">Years with results published under it.</param>
public sealed record SchemeUsage(long SchemeRecordId, IReadOnlyList<int> Years, IReadOnlyList<int> PublishedYears)
{
    /// <summary>Whether a published result was scored with it.</summary>
    public bool Published => PublishedYears.Count > 0;
}

public sealed partial class AssessmentStore
{
    /// <summary>Where each scheme version is used (versions used nowhere are left out).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>By scheme row id.</returns>
    public async Task<IReadOnlyDictionary<long, SchemeUsage>> GetSchemeUsageAsync(CancellationToken cancellationToken = default)
    {
        var years = await store.Set<AssessmentYearRecord>().AsNoTracking().Select(y => new { y.SchemeRecordId, y.Year }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var published = await store.Set<PublishedRevision>().AsNoTracking().Select(r => new { r.SchemeRecordId, r.Year }).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        return years.Select(y => y.SchemeRecordId).Concat(published.Select(p => p.SchemeRecordId)).Distinct().ToDictionary(
            id => id,
            id => new SchemeUsage(id,
                [.. years.Where(y => y.SchemeRecordId == id).Select(y => y.Year).Order()],
                [.. published.Where(p => p.SchemeRecordId == id).Select(p => p.Year).Distinct().Order()]));
    }

    /// <summary>Imports a scheme file as a new version of its family (<see cref="SaveSchemeAsync"/>). The file is read
    /// and validated whole first: a bad file stores nothing.</summary>
    /// <param name="json">The file (UTF-8 JSON, as <see cref="SchemeFile.Write(AssessmentScheme, Stream)"/> writes it).</param>
    /// <param name="fileName">Its name, for messages and the audit log.</param>
    /// <param name="actor">Who imports it.</param>
    /// <param name="catalog">KPIs the scheme may name; null for <see cref="KpiCatalog.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The stored version (an existing one when the file equals it).</returns>
    /// <exception cref="SchemeValidationException">The file is not JSON of a scheme, or the scheme is invalid; every
    /// problem names the line, or the indicator and field. Nothing was stored.</exception>
    public Task<StoredScheme> ImportSchemeAsync(Stream json, string fileName, AuditActor actor, KpiCatalog? catalog = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var scheme = SchemeFile.Read(json, fileName, catalog);
        return SaveSchemeAsync(scheme, $"导入 / imported from {fileName}", actor, catalog, cancellationToken);
    }
}
