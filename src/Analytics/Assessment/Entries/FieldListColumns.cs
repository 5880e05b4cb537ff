namespace RevivalAnalytics.Assessment;

/// <summary>Column letters and headers of the field list (实地核查名单) the teams fill in, defined once for the writer,
/// the reader and their messages.</summary>
internal static class FieldListColumns
{
    public const string HouseholdId = "E 户编号 / household id";
    public const string ExitCorrect = "L 退出是否准确 / exit correct";
    public const string Missed = "M 是否漏评 / missed";
    public const string Approves = "N 是否认可 / approves";
    public const string CheckedBy = "O 核查人 / checked by";
}
