using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccountRegistry.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VerificationJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "verification_jobs",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 10, nullable: false),
                    account_id = table.Column<long>(type: "INTEGER", nullable: true),
                    request = table.Column<string>(type: "TEXT", nullable: false),
                    sealed_password = table.Column<string>(type: "TEXT", unicode: false, maxLength: 1024, nullable: true),
                    caller_address = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    caller_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    trace_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    finished_at = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    lease_owner = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: true),
                    lease_until = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    result_status = table.Column<int>(type: "INTEGER", nullable: true),
                    result_body = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_verification_jobs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_verification_jobs_caller_id_status",
                table: "verification_jobs",
                columns: new[] { "caller_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_verification_jobs_finished_at",
                table: "verification_jobs",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_verification_jobs_status_created_at",
                table: "verification_jobs",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_verification_jobs_status_lease_until",
                table: "verification_jobs",
                columns: new[] { "status", "lease_until" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "verification_jobs");
        }
    }
}
