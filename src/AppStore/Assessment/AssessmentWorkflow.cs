using System.Collections.Concurrent;
using System.Security.Cryptography;
using RevivalAnalytics.AppStore.Accounts;
using RevivalAnalytics.Assessment;

namespace RevivalAnalytics.AppStore.Assessment;

/// <summary>A year's published results: every published county's latest revision, ranked within its class among the
/// counties published so far.</summary>
/// <param name="Year">The year.</param>
/// <param name="Result">The published counties as one result (scheme of the revisions, field-check estimates), for the
/// pages and the reports.</param>
/// <param name="Revisions">Each published county's revision, by code.</param>
/// <param name="CountiesInYear">Counties taking part in the year (published or not).</param>
public sealed record PublishedYear(int Year, AssessmentResult Result, IReadOnlyDictionary<int, PublishedCounty> Revisions, int CountiesInYear);

/// <summary>
/// The post-assessment as people work on it: the store (<see cref="AssessmentStore"/>) for what is kept and the rules of
/// the workflow, and <see cref="AssessmentService"/> for scores, samples and estimates. Scores a year's current entries
/// (a draft, for evaluators), reads the published results (for everyone), and checks what the store cannot: entries
/// against the scheme, and that everything a submission needs was entered. Scores are cached per year until the year
/// changes or a new data version arrives.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="service">The scoring service over the metric layer.</param>
/// <param name="cache">Scores and published results, shared by requests.</param>
public sealed class AssessmentWorkflow(AssessmentStore store, AssessmentService service, AssessmentScoreCache cache)
{
    /// <summary>The store.</summary>
    public AssessmentStore Store => store;

    /// <summary>The scoring service.</summary>
    public AssessmentService Service => service;

    /// <summary>Starts a year with a scheme version (every county of the data in draft, a random sampling seed unless
    /// one is given), or switches its scheme while no county is reviewed or published.</summary>
    /// <param name="year">The year.</param>
    /// <param name="schemeRecordId">The scheme version.</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="samplingSeed">The field-check seed; null for a random one (households cannot know in advance
    /// whether they will be visited).</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>A task that completes when the act committed.</returns>
    /// <exception cref="AssessmentWorkflowException">As <see cref="AssessmentStore.SetYearSchemeAsync"/>.</exception>
    public Task StartYearAsync(int year, long schemeRecordId, AuditActor actor, long? samplingSeed = null, CancellationToken cancellationToken = default) =>
        store.SetYearSchemeAsync(year, schemeRecordId, [.. service.Counties.Keys.Order()], samplingSeed ?? RandomNumberGenerator.GetInt32(1, int.MaxValue), actor, cancellationToken);

    /// <summary>The year's scheme, or null when the year has not started.</summary>
    /// <param name="year">The year.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The year's record and scheme.</returns>
    public async Task<(AssessmentYearRecord Year, AssessmentScheme Scheme)?> FindYearAsync(int year, CancellationToken cancellationToken = default)
    {
        var record = await store.FindYearAsync(year, cancellationToken).ConfigureAwait(false);
        return record is null ? null : (record, await SchemeAsync(record.SchemeRecordId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Scores every county of the year from its current entries and field results (a draft: nothing here is
    /// published). Entries that no longer fit the year's scheme are left out.</summary>
    /// <param name="year">The year.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result, or null when the year has not started.</returns>
    /// <exception cref="RevivalAnalytics.Metrics.MetricArgumentException">The data hold no figures for the year.</exception>
    public async Task<AssessmentResult?> ScoreAsync(int year, CancellationToken cancellationToken = default)
    {
        var record = await store.FindYearAsync(year, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var key = (record.ChangeCount, record.SchemeRecordId, service.DataVersion);
        if (cache.Drafts.TryGetValue(year, out var cached) && cached.Key == key)
        {
            return cached.Result;
        }

        var scheme = await SchemeAsync(record.SchemeRecordId, cancellationToken).ConfigureAwait(false);
        var entries = (await store.GetEntriesAsync(year, null, cancellationToken).ConfigureAwait(false))
            .Where(e => service.CheckEntries(scheme, [e]).Count == 0)
            .ToList();
        var estimates = await FieldEstimatesAsync(year, cancellationToken).ConfigureAwait(false);
        var result = service.Score(scheme, entries, estimates);
        // Inside a transaction the counter may yet be rolled back and reused: nothing is cached there.
        if (!store.InTransaction)
        {
            cache.Drafts[year] = (key, result);
        }

        return result;
    }

    /// <summary>The year's published results, or null when nothing of the year is published.</summary>
    /// <param name="year">The year.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The published counties, ranked within their class among themselves.</returns>
    public async Task<PublishedYear?> GetPublishedAsync(int year, CancellationToken cancellationToken = default)
    {
        var record = await store.FindYearAsync(year, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        if (cache.Published.TryGetValue(year, out var cached) && cached.ChangeCount == record.ChangeCount)
        {
            return cached.Year;
        }

        var published = await store.GetPublishedAsync(year, cancellationToken).ConfigureAwait(false);
        PublishedYear? view = null;
        if (published.Count > 0)
        {
            // Corrections after a scheme change cannot happen (the scheme is fixed once a county is published), so the
            // revisions share one scheme; the latest revision's is taken all the same.
            var latest = published.MaxBy(p => p.PublishedAtUtc)!;
            var scheme = await SchemeAsync(latest.SchemeRecordId, cancellationToken).ConfigureAwait(false);
            var counties = (await store.GetCountiesAsync(year, cancellationToken).ConfigureAwait(false)).Count;
            view = new PublishedYear(
                year,
                new AssessmentResult
                {
                    Year = year,
                    Scheme = scheme,
                    SchemeId = scheme.Id,
                    SchemeVersion = scheme.Version,
                    SchemeFingerprint = latest.SchemeFingerprint,
                    SchemeNameZh = scheme.NameZh,
                    DataVersion = string.Join(", ", published.Select(p => p.DataVersion).Distinct()),
                    ComputedAt = new DateTimeOffset(latest.PublishedAtUtc),
                    Counties = AssessmentRanking.Rank(published.Select(p => p.County)),
                    FieldChecks = published.Where(p => p.FieldCheck is not null).ToDictionary(p => p.County.CountyCode, p => p.FieldCheck!),
                },
                published.ToDictionary(p => p.County.CountyCode),
                counties);
        }

        if (!store.InTransaction)
        {
            cache.Published[year] = (record.ChangeCount, view);
        }

        return view;
    }

    /// <summary>Sets or removes entries from a form, after checking every value against the year's scheme.</summary>
    /// <param name="year">The year.</param>
    /// <param name="edits">The changes.</param>
    /// <param name="origin"><c>form</c>, or the imported file's name.</param>
    /// <param name="actor">Who enters them.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The entries changed.</returns>
    /// <exception cref="EntryImportException">A value does not fit the scheme (county, indicator, source, range), or
    /// a field-check entry for an indicator the county's field results already fill; nothing was saved.</exception>
    /// <exception cref="AssessmentWorkflowException">As <see cref="AssessmentStore.SaveEntriesAsync"/>.</exception>
    public async Task<int> SaveEntriesAsync(int year, IReadOnlyCollection<EntryEdit> edits, string origin, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edits);
        ArgumentNullException.ThrowIfNull(actor);
        var (_, scheme) = await RequireYearAsync(year, cancellationToken).ConfigureAwait(false);
        var values = edits.Where(e => e.Value is not null).Select(e => new AssessmentEntry
        {
            Year = year, CountyCode = e.CountyCode, IndicatorId = e.IndicatorId, Source = e.Source, Value = e.Value!.Value, EnteredBy = actor.Name, Note = e.Note,
        }).ToList();
        var problems = service.CheckEntries(scheme, values).ToList();
        problems.AddRange(await FieldEntryConflictsAsync(year, scheme, edits, cancellationToken).ConfigureAwait(false));
        if (problems.Count > 0)
        {
            throw new EntryImportException(origin, problems);
        }

        return await store.SaveEntriesAsync(year, edits, origin, actor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Imports a filled-in entry template: every row and cell is checked (row and column named), and only a
    /// file without problems changes anything.</summary>
    /// <param name="year">The year.</param>
    /// <param name="xlsx">The file.</param>
    /// <param name="fileName">Its name (for messages and the audit log).</param>
    /// <param name="acceptedCounties">The counties the user may enter for; null for all.</param>
    /// <param name="actor">Who imports it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The entries changed.</returns>
    /// <exception cref="EntryImportException">Any problem in the file; nothing was imported.</exception>
    /// <exception cref="AssessmentWorkflowException">A county's state does not take an entry of the file; nothing was
    /// imported.</exception>
    public async Task<int> ImportEntriesAsync(int year, Stream xlsx, string fileName, IReadOnlySet<int>? acceptedCounties, AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        ArgumentNullException.ThrowIfNull(actor);
        var (_, scheme) = await RequireYearAsync(year, cancellationToken).ConfigureAwait(false);
        var entries = EntryWorkbook.Read(xlsx, fileName, scheme, service.Counties, actor.Name, acceptedCounties);
        var edits = entries.Select(e => new EntryEdit(e.CountyCode, e.IndicatorId, e.Source, e.Value, e.Note)).ToList();
        var conflicts = await FieldEntryConflictsAsync(year, scheme, edits, cancellationToken).ConfigureAwait(false);
        if (conflicts.Count > 0)
        {
            throw new EntryImportException(fileName, conflicts);
        }

        return await store.SaveEntriesAsync(year, edits, fileName, actor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the entry template for the given counties, pre-filled with their entries.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCodes">The counties (the user's scope).</param>
    /// <param name="stream">Where to write.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when written.</returns>
    /// <exception cref="AssessmentWorkflowException">The year has not started.</exception>
    public async Task WriteTemplateAsync(int year, IReadOnlyCollection<int> countyCodes, Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(countyCodes);
        var (_, scheme) = await RequireYearAsync(year, cancellationToken).ConfigureAwait(false);
        var wanted = countyCodes.ToHashSet();
        var counties = service.Counties.Where(c => wanted.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value);
        var entries = (await store.GetEntriesAsync(year, null, cancellationToken).ConfigureAwait(false)).Where(e => wanted.Contains(e.CountyCode));
        EntryWorkbook.WriteTemplate(scheme, counties, stream, entries);
    }

    /// <summary>Moves a county through the workflow, checking first that what the act needs was entered: every
    /// self-assessment entry to submit the self-assessment, every expected score (cross, third party, field check) to
    /// submit the scores.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="act">What is done.</param>
    /// <param name="note">A note (required to send back or open a correction).</param>
    /// <param name="actor">Who does it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The county's new row.</returns>
    /// <exception cref="AssessmentWorkflowException">Entries are missing (named), or the store refuses the act.</exception>
    public async Task<CountyWorkflow> MoveAsync(int year, int countyCode, WorkflowAct act, string? note, AuditActor actor, CancellationToken cancellationToken = default)
    {
        if (act is WorkflowAct.SubmitSelfAssessment or WorkflowAct.SubmitScores)
        {
            var result = await ScoreAsync(year, cancellationToken).ConfigureAwait(false)
                ?? throw new AssessmentWorkflowException($"{year} 年度的后评估尚未开始", $"the {year} assessment has not been started");
            var county = result.County(countyCode)
                ?? throw new AssessmentWorkflowException($"{year} 年度没有县 {countyCode}", $"{year} has no county {countyCode}");
            var missing = county.Missing.Where(m => act == WorkflowAct.SubmitScores || m.Source == EntrySource.Self).ToList();
            if (missing.Count > 0)
            {
                string Names(bool english) => string.Join(english ? "; " : "；", missing.Take(8).Select(m =>
                {
                    var item = county.Items.FirstOrDefault(i => i.Id == m.IndicatorId);
                    var source = AssessmentLabels.Of(m.Source);
                    return english ? $"{item?.NameEn ?? m.IndicatorId} ({source.En})" : $"{item?.NameZh ?? m.IndicatorId}（{source.Zh}）";
                })) + (missing.Count > 8 ? (english ? $"; {missing.Count - 8} more" : $"；另有 {missing.Count - 8} 项") : string.Empty);
                var label = WorkflowLabels.Of(act);
                throw new AssessmentWorkflowException(
                    $"{county.CountyName}还缺 {missing.Count} 项录入，不能{label.Zh}：{Names(false)}",
                    $"{county.CountyName} still lacks {missing.Count} entries, so it cannot {label.En}: {Names(true)}");
            }
        }

        return await store.MoveAsync(year, countyCode, act, note, actor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes reviewed counties: scores them from their current entries, raises their problems, and stores
    /// a new result revision for each (<see cref="AssessmentStore.PublishAsync"/>).</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCodes">The counties (all must be reviewed).</param>
    /// <param name="actor">Who publishes.</param>
    /// <param name="options">Deadline and owner of new problems; null for a deadline 90 days after today.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The revisions written.</returns>
    /// <exception cref="AssessmentWorkflowException">A county is not reviewed, or the year has not started; nothing
    /// was published.</exception>
    public async Task<IReadOnlyList<PublishedRevision>> PublishAsync(int year, IReadOnlyCollection<int> countyCodes, AuditActor actor, ProblemOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(countyCodes);
        var (record, _) = await RequireYearAsync(year, cancellationToken).ConfigureAwait(false);
        var result = (await ScoreAsync(year, cancellationToken).ConfigureAwait(false))!;
        var fieldResults = await store.GetFieldChecksAsync(year, cancellationToken).ConfigureAwait(false);
        return await PublishAsync(year, record.SchemeRecordId, result, fieldResults.ToDictionary(f => f.Key, f => f.Value.Results), countyCodes, actor,
            options ?? new ProblemOptions { Deadline = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(90) }, cancellationToken).ConfigureAwait(false);
    }

    internal Task<IReadOnlyList<PublishedRevision>> PublishAsync(
        int year, long schemeRecordId, AssessmentResult result, IReadOnlyDictionary<int, IReadOnlyList<FieldResult>> fieldResults,
        IReadOnlyCollection<int> countyCodes, AuditActor actor, ProblemOptions options, CancellationToken cancellationToken)
    {
        var publications = countyCodes.Distinct().Select(code =>
        {
            var county = result.County(code) ?? throw new AssessmentWorkflowException($"{year} 年度没有县 {code}", $"{year} has no county {code}");
            var problems = ProblemRules.FromResult(result with { Counties = [county] }, fieldResults, options);
            return new Publication(county, result.FieldChecks.GetValueOrDefault(code), problems, schemeRecordId, result.DataVersion);
        }).ToList();
        return store.PublishAsync(year, publications, actor, cancellationToken);
    }

    /// <summary>Draws a county's field-check sample with the year's seed and the quotas of its class, and keeps it.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="actor">Who draws it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="AssessmentWorkflowException">As <see cref="AssessmentStore.SaveFieldSampleAsync"/>.</exception>
    public async Task<FieldSample> DrawFieldSampleAsync(int year, int countyCode, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var (record, scheme) = await RequireYearAsync(year, cancellationToken).ConfigureAwait(false);
        var sample = service.DrawFieldSample(scheme, countyCode, record.SamplingSeed);
        await store.SaveFieldSampleAsync(sample, actor, cancellationToken).ConfigureAwait(false);
        return sample;
    }

    /// <summary>Imports the field results of a county from its filled-in field list (every row checked; a bad file
    /// changes nothing).</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="xlsx">The file.</param>
    /// <param name="fileName">Its name.</param>
    /// <param name="actor">Who imports it.</param>
    /// <param name="cancellationToken">Cancels the act.</param>
    /// <returns>Results imported.</returns>
    /// <exception cref="EntryImportException">A problem in the file (row and column named), or a field-check entry
    /// already fills an indicator the results would; nothing was imported.</exception>
    /// <exception cref="AssessmentWorkflowException">No sample, or the county's state no longer takes field work.</exception>
    public async Task<int> ImportFieldResultsAsync(int year, int countyCode, Stream xlsx, string fileName, AuditActor actor, CancellationToken cancellationToken = default)
    {
        var (_, scheme) = await RequireYearAsync(year, cancellationToken).ConfigureAwait(false);
        var sample = await store.GetFieldSampleAsync(year, countyCode, cancellationToken).ConfigureAwait(false)
            ?? throw new AssessmentWorkflowException($"县 {countyCode} 还没有抽取核查样本", $"county {countyCode} has no field-check sample yet");
        var results = FieldListWorkbook.ReadResults(sample, xlsx, fileName);
        var measured = MeasuredIndicators(scheme, countyCode);
        var entered = (await store.GetEntriesAsync(year, countyCode, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Source == EntrySource.FieldCheck && measured.Contains(e.IndicatorId)).ToList();
        if (entered.Count > 0)
        {
            throw new EntryImportException(fileName, [.. entered.Select(e => new EntryProblem(null, $"{e.CountyCode}/{e.IndicatorId}/field_check",
                "该指标已有实地核查录入值，先删除录入再导入核查结果", "the indicator already has a field-check entry: remove it before importing field results"))]);
        }

        await store.SaveFieldResultsAsync(year, countyCode, results, fileName, actor, cancellationToken).ConfigureAwait(false);
        return results.Count;
    }

    /// <summary>A county's field-check estimates from its sample and results, or null without results.</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The three rates with 95 % intervals.</returns>
    public async Task<FieldCheckEstimates?> GetFieldEstimatesAsync(int year, int countyCode, CancellationToken cancellationToken = default)
    {
        var sample = await store.GetFieldSampleAsync(year, countyCode, cancellationToken).ConfigureAwait(false);
        var results = await store.GetFieldResultsAsync(year, countyCode, cancellationToken).ConfigureAwait(false);
        return sample is null || results.Count == 0 ? null : AssessmentService.EstimateFieldCheck(sample, results);
    }

    /// <summary>Writes a county's field list (XLSX) for the teams; personal data only when
    /// <paramref name="includePersonalData"/> (the caller checks the permission and records the export).</summary>
    /// <param name="year">The year.</param>
    /// <param name="countyCode">The county.</param>
    /// <param name="stream">Where to write.</param>
    /// <param name="includePersonalData">Unmasked names, ID numbers and phones.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Households listed.</returns>
    /// <exception cref="AssessmentWorkflowException">No sample.</exception>
    public async Task<int> WriteFieldListAsync(int year, int countyCode, Stream stream, bool includePersonalData, CancellationToken cancellationToken = default)
    {
        var sample = await store.GetFieldSampleAsync(year, countyCode, cancellationToken).ConfigureAwait(false)
            ?? throw new AssessmentWorkflowException($"县 {countyCode} 还没有抽取核查样本", $"county {countyCode} has no field-check sample yet");
        service.WriteFieldList(sample, stream, includePersonalData);
        return sample.Households.Count;
    }

    private async Task<Dictionary<int, FieldCheckEstimates>> FieldEstimatesAsync(int year, CancellationToken cancellationToken)
    {
        var checks = await store.GetFieldChecksAsync(year, cancellationToken).ConfigureAwait(false);
        return checks.Where(c => c.Value.Results.Count > 0)
            .ToDictionary(c => c.Key, c => AssessmentService.EstimateFieldCheck(c.Value.Sample, c.Value.Results));
    }

    // A field-check entry and field results must not both fill an indicator with a field measure.
    private async Task<List<EntryProblem>> FieldEntryConflictsAsync(int year, AssessmentScheme scheme, IEnumerable<EntryEdit> edits, CancellationToken cancellationToken)
    {
        var problems = new List<EntryProblem>();
        var candidates = edits.Where(e => e.Value is not null && e.Source == EntrySource.FieldCheck).ToList();
        if (candidates.Count == 0)
        {
            return problems;
        }

        var checks = await store.GetFieldChecksAsync(year, cancellationToken).ConfigureAwait(false);
        foreach (var edit in candidates)
        {
            if (checks.TryGetValue(edit.CountyCode, out var check) && check.Results.Count > 0 && MeasuredIndicators(scheme, edit.CountyCode).Contains(edit.IndicatorId))
            {
                problems.Add(new EntryProblem(null, $"{edit.CountyCode}/{edit.IndicatorId}/field_check",
                    "该县已导入实地核查结果，此指标由核查结果估计，不能再录入", "the county's field results already fill this indicator: it takes no field-check entry"));
            }
        }

        return problems;
    }

    private HashSet<string> MeasuredIndicators(AssessmentScheme scheme, int countyCode) =>
        service.Counties.TryGetValue(countyCode, out var county)
            ? scheme.ScorecardFor(county.CountyClass).Indicators.Where(i => i.FieldMeasure is not null).Select(i => i.Id).ToHashSet(StringComparer.Ordinal)
            : [];

    private async Task<(AssessmentYearRecord Year, AssessmentScheme Scheme)> RequireYearAsync(int year, CancellationToken cancellationToken) =>
        await FindYearAsync(year, cancellationToken).ConfigureAwait(false)
        ?? throw new AssessmentWorkflowException($"{year} 年度的后评估尚未开始（管理员须先指定评估方案）", $"the {year} assessment has not been started (an administrator assigns its scheme first)");

    private async Task<AssessmentScheme> SchemeAsync(long id, CancellationToken cancellationToken)
    {
        if (cache.Schemes.TryGetValue(id, out var scheme))
        {
            return scheme;
        }

        // Stored versions never change (the store refuses it), so a scheme read once is good for the process's life.
        scheme = await store.LoadSchemeAsync(id, cancellationToken).ConfigureAwait(false);
        cache.Schemes[id] = scheme;
        return scheme;
    }
}

/// <summary>Scores and published results of the years, shared by every request of a host (a singleton). Entries are
/// replaced whole when their key (the year's change counter, scheme version and data version) moves on.</summary>
public sealed class AssessmentScoreCache
{
    internal ConcurrentDictionary<int, ((long ChangeCount, long SchemeRecordId, string DataVersion) Key, AssessmentResult Result)> Drafts { get; } = new();

    internal ConcurrentDictionary<int, (long ChangeCount, PublishedYear? Year)> Published { get; } = new();

    internal ConcurrentDictionary<long, AssessmentScheme> Schemes { get; } = new();
}
