namespace RevivalAnalytics.AppStore.Audit;

// The database itself keeps the audit log append-only, so no code path of the app (nor a bug in one) can edit or
// remove an entry: UPDATE is always refused, DELETE (and TRUNCATE) unless the row is older than the retention in
// audit_settings. A missing settings row counts as "keep everything". Someone with the database's own credentials can
// still drop the triggers; that is outside the app and its log.
internal static class AuditTriggers
{
    public const string Message = "审计日志只能追加，不能修改或删除 / the audit log is append-only: entries cannot be changed or deleted";

    public static readonly string SqliteUp = $"""
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        BEGIN
            SELECT RAISE(ABORT, '{Message}');
        END;
        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        WHEN OLD."AtUtc" >= strftime('%Y-%m-%d %H:%M:%f', 'now',
            '-' || coalesce((SELECT "RetentionDays" FROM audit_settings WHERE "Id" = 1), 1000000) || ' days')
        BEGIN
            SELECT RAISE(ABORT, '{Message}');
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS audit_entries_no_update;
        DROP TRIGGER IF EXISTS audit_entries_no_delete;
        """;

    public static readonly string PostgresUp = $"""
        CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' AND OLD."AtUtc" < now() - make_interval(days =>
                    coalesce((SELECT "RetentionDays" FROM audit_settings WHERE "Id" = 1), 1000000)) THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '{Message}' USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
            FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
            FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
        """;

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
        DROP TRIGGER IF EXISTS audit_entries_no_change ON audit_entries;
        DROP FUNCTION IF EXISTS audit_entries_append_only();
        """;
}
