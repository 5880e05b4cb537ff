namespace RevivalAnalytics.Assessment;

/// <summary>What field results must satisfy against their sample: a sampled household, once, answering only the
/// questions that apply to it, by a named checker.</summary>
internal static class FieldResultRules
{
    public static List<EntryProblem> Check(FieldSample sample, IEnumerable<(int? Row, FieldResult Result)> results)
    {
        var problems = new List<EntryProblem>();
        var households = sample.Households.ToDictionary(h => h.HouseholdId);
        var seen = new HashSet<long>();
        foreach (var (row, result) in results)
        {
            var id = result.HouseholdId;
            if (!households.TryGetValue(id, out var household))
            {
                problems.Add(new EntryProblem(row, FieldListColumns.HouseholdId, $"农户 {id} 不在 {sample.CountyCode} 的抽样名单中", $"household {id} is not in the sample of {sample.CountyCode}"));
                continue;
            }

            if (!seen.Add(id))
            {
                problems.Add(new EntryProblem(row, FieldListColumns.HouseholdId, $"农户 {id} 出现两次", $"household {id} appears twice"));
            }

            if (result.ExitCorrect is not null && !household.AskExit)
            {
                problems.Add(new EntryProblem(row, FieldListColumns.ExitCorrect, "该户不是已退出户(脱贫户或风险已消除户),此项应留空", "the household has not exited (neither poverty-alleviated nor risk-eliminated): leave this empty"));
            }

            if (result.Missed is not null && !household.AskMissed)
            {
                problems.Add(new EntryProblem(row, FieldListColumns.Missed, "该户已在监测中,不存在漏评,此项应留空", "the household is already monitored, so it cannot be missed: leave this empty"));
            }

            var answered = result.ExitCorrect is not null || result.Missed is not null || result.Approves is not null;
            if (answered && string.IsNullOrWhiteSpace(result.CheckedBy))
            {
                problems.Add(new EntryProblem(row, FieldListColumns.CheckedBy, "未填写核查人", "the checker is not named"));
            }
        }

        return problems;
    }
}
