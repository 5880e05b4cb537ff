using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RevivalAnalytics.AppStore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkbenchQueries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "saved_queries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Sql = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Parameters = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Shared = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saved_queries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sql_history",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Sql = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Parameters = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DataVersion = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false),
                    RowCount = table.Column<long>(type: "INTEGER", nullable: true),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sql_history", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_saved_queries_Owner",
                table: "saved_queries",
                column: "Owner");

            migrationBuilder.CreateIndex(
                name: "IX_saved_queries_Shared",
                table: "saved_queries",
                column: "Shared");

            migrationBuilder.CreateIndex(
                name: "IX_sql_history_UserName_Id",
                table: "sql_history",
                columns: new[] { "UserName", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "saved_queries");

            migrationBuilder.DropTable(
                name: "sql_history");
        }
    }
}
