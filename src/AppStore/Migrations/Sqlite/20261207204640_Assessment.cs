using System;
using Microsoft.EntityFrameworkCore.Migrations;
using RevivalAnalytics.AppStore.Assessment;

#nullable disable

namespace RevivalAnalytics.AppStore.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Assessment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assessment_schemes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchemeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_schemes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "assessment_years",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    SchemeRecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    SamplingSeed = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangeCount = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_years", x => x.Year);
                    table.ForeignKey(
                        name: "FK_assessment_years_assessment_schemes_SchemeRecordId",
                        column: x => x.SchemeRecordId,
                        principalTable: "assessment_schemes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assessment_counties",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PublishedRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoresSubmittedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_counties", x => new { x.Year, x.CountyCode });
                    table.ForeignKey(
                        name: "FK_assessment_counties_assessment_years_Year",
                        column: x => x.Year,
                        principalTable: "assessment_years",
                        principalColumn: "Year",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assessment_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<int>(type: "INTEGER", nullable: false),
                    IndicatorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    EnteredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_entries_assessment_years_Year",
                        column: x => x.Year,
                        principalTable: "assessment_years",
                        principalColumn: "Year",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assessment_field_samples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<long>(type: "INTEGER", nullable: false),
                    Households = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    DrawnBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    DrawnAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_field_samples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_field_samples_assessment_years_Year",
                        column: x => x.Year,
                        principalTable: "assessment_years",
                        principalColumn: "Year",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assessment_problems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<int>(type: "INTEGER", nullable: false),
                    CountyClass = table.Column<int>(type: "INTEGER", nullable: false),
                    IndicatorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: true),
                    DescriptionZh = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DescriptionEn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_problems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_problems_assessment_years_Year",
                        column: x => x.Year,
                        principalTable: "assessment_years",
                        principalColumn: "Year",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assessment_results",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    CountyCode = table.Column<int>(type: "INTEGER", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    CountyClass = table.Column<int>(type: "INTEGER", nullable: false),
                    SchemeRecordId = table.Column<long>(type: "INTEGER", nullable: false),
                    SchemeFingerprint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DataVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_results_assessment_schemes_SchemeRecordId",
                        column: x => x.SchemeRecordId,
                        principalTable: "assessment_schemes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_assessment_results_assessment_years_Year",
                        column: x => x.Year,
                        principalTable: "assessment_years",
                        principalColumn: "Year",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assessment_field_results",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SampleId = table.Column<long>(type: "INTEGER", nullable: false),
                    HouseholdId = table.Column<long>(type: "INTEGER", nullable: false),
                    ExitCorrect = table.Column<bool>(type: "INTEGER", nullable: true),
                    Missed = table.Column<bool>(type: "INTEGER", nullable: true),
                    Approves = table.Column<bool>(type: "INTEGER", nullable: true),
                    CheckedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ImportedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_field_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_field_results_assessment_field_samples_SampleId",
                        column: x => x.SampleId,
                        principalTable: "assessment_field_samples",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assessment_problem_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProblemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_problem_notes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_assessment_problem_notes_assessment_problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "assessment_problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assessment_entries_Year_CountyCode_IndicatorId_Source",
                table: "assessment_entries",
                columns: new[] { "Year", "CountyCode", "IndicatorId", "Source" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assessment_field_results_SampleId_HouseholdId",
                table: "assessment_field_results",
                columns: new[] { "SampleId", "HouseholdId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assessment_field_samples_Year_CountyCode",
                table: "assessment_field_samples",
                columns: new[] { "Year", "CountyCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assessment_problem_notes_ProblemId",
                table: "assessment_problem_notes",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_assessment_problems_Deadline",
                table: "assessment_problems",
                column: "Deadline");

            migrationBuilder.CreateIndex(
                name: "IX_assessment_problems_Year_CountyClass_State",
                table: "assessment_problems",
                columns: new[] { "Year", "CountyClass", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_assessment_problems_Year_CountyCode",
                table: "assessment_problems",
                columns: new[] { "Year", "CountyCode" });

            migrationBuilder.CreateIndex(
                name: "IX_assessment_results_SchemeRecordId",
                table: "assessment_results",
                column: "SchemeRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_assessment_results_Year_CountyClass",
                table: "assessment_results",
                columns: new[] { "Year", "CountyClass" });

            migrationBuilder.CreateIndex(
                name: "IX_assessment_results_Year_CountyCode_Revision",
                table: "assessment_results",
                columns: new[] { "Year", "CountyCode", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assessment_schemes_SchemeId_Version",
                table: "assessment_schemes",
                columns: new[] { "SchemeId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assessment_years_SchemeRecordId",
                table: "assessment_years",
                column: "SchemeRecordId");

            // Published results, scheme versions and rectification notes are append-only (AssessmentTriggers).
            migrationBuilder.Sql(AssessmentTriggers.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AssessmentTriggers.SqliteDown);

            migrationBuilder.DropTable(
                name: "assessment_counties");

            migrationBuilder.DropTable(
                name: "assessment_entries");

            migrationBuilder.DropTable(
                name: "assessment_field_results");

            migrationBuilder.DropTable(
                name: "assessment_problem_notes");

            migrationBuilder.DropTable(
                name: "assessment_results");

            migrationBuilder.DropTable(
                name: "assessment_field_samples");

            migrationBuilder.DropTable(
                name: "assessment_problems");

            migrationBuilder.DropTable(
                name: "assessment_years");

            migrationBuilder.DropTable(
                name: "assessment_schemes");
        }
    }
}
