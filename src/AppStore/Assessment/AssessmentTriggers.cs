namespace RevivalAnalytics.AppStore.Assessment;

// Published results, scheme versions and problem notes are only ever added, and the database itself refuses to change
// or remove them, as it does for the audit log: a correction is a new revision, a new scheme is a new version, and a
// problem's history keeps every note. Someone with the database's own credentials can still drop the triggers; that
// is outside the app.
internal static class AssessmentTriggers
{
    public const string Message = "已发布的后评估结果、方案版本和整改记录只能追加，不能修改或删除 / published results, scheme versions and rectification notes are append-only: they cannot be changed or deleted";

    private static readonly string[] s_tables = ["assessment_results", "assessment_schemes", "assessment_problem_notes"];

    public static string SqliteUp => string.Join('\n', s_tables.Select(table => $"""
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN
            SELECT RAISE(ABORT, '{Message}');
        END;
        CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        BEGIN
            SELECT RAISE(ABORT, '{Message}');
        END;
        """));

    public static string SqliteDown => string.Join('\n', s_tables.Select(table => $"""
        DROP TRIGGER IF EXISTS {table}_no_update;
        DROP TRIGGER IF EXISTS {table}_no_delete;
        """));

    public static string PostgresUp => $"""
        CREATE FUNCTION assessment_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{Message}' USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        """ + "\n" + string.Join('\n', s_tables.Select(table => $"""
        CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION assessment_append_only();
        CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION assessment_append_only();
        """));

    public static string PostgresDown => string.Join('\n', s_tables.Select(table => $"""
        DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
        DROP TRIGGER IF EXISTS {table}_no_change ON {table};
        """)) + "\nDROP FUNCTION IF EXISTS assessment_append_only();";
}
