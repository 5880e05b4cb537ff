using Microsoft.EntityFrameworkCore.Migrations;
using RevivalAnalytics.AppStore.Audit;

#nullable disable

namespace RevivalAnalytics.AppStore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditTriggers.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditTriggers.SqliteDown);
        }
    }
}
