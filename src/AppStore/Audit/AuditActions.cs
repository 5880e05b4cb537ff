namespace RevivalAnalytics.AppStore.Audit;

/// <summary>The actions the audit log records (<see cref="AuditEntry.Action"/>).</summary>
public static class AuditActions
{
    /// <summary>A sign-in (succeeded or failed; a lockout is a failure with its reason in the detail).</summary>
    public const string SignIn = "sign_in";

    /// <summary>A sign-out.</summary>
    public const string SignOut = "sign_out";

    /// <summary>A user changed their own password or second factor.</summary>
    public const string AccountChange = "account_change";

    /// <summary>Household-level rows were shown (the household warning list, by page and filter).</summary>
    public const string HouseholdAccess = "household_access";

    /// <summary>An ad-hoc SQL statement, with its text and row count.</summary>
    public const string SqlQuery = "sql_query";

    /// <summary>A download (CSV of a list or a query, the audit log itself).</summary>
    public const string Export = "export";

    /// <summary>Personal data shown unmasked.</summary>
    public const string Unmask = "unmask";

    /// <summary>A user created.</summary>
    public const string UserCreate = "user_create";

    /// <summary>A user's roles, scope, personal-data permission, lock or password changed by an administrator.</summary>
    public const string UserChange = "user_change";

    /// <summary>A data import (CLI).</summary>
    public const string Import = "import";

    /// <summary>A rollback to an earlier data version (CLI).</summary>
    public const string Rollback = "rollback";

    /// <summary>Model training (CLI).</summary>
    public const string Train = "train";

    /// <summary>A setting of the audit log changed (its retention).</summary>
    public const string AuditSettings = "audit_settings";

    /// <summary>A post-assessment scheme saved as a new version, or assigned to a year.</summary>
    public const string AssessmentScheme = "assessment_scheme";

    /// <summary>Post-assessment entries set or removed (form or imported file), per county.</summary>
    public const string AssessmentEntry = "assessment_entry";

    /// <summary>A county's post-assessment moved through the workflow: submitted, reviewed, sent back, published (a
    /// new result revision), a correction opened.</summary>
    public const string AssessmentWorkflow = "assessment_workflow";

    /// <summary>A field-check sample drawn, or field results imported.</summary>
    public const string AssessmentField = "assessment_field";

    /// <summary>A post-assessment problem moved (rectified, checked and closed, reopened), with its note.</summary>
    public const string AssessmentProblem = "assessment_problem";

    /// <summary>Every action, for filters.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SignIn, SignOut, AccountChange, HouseholdAccess, SqlQuery, Export, Unmask, UserCreate, UserChange, Import, Rollback, Train, AuditSettings,
        AssessmentScheme, AssessmentEntry, AssessmentWorkflow, AssessmentField, AssessmentProblem,
    ];
}
