using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccountRegistry.Infrastructure.Persistence.Migrations.SqlServer
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
                    id = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false, collation: "Latin1_General_100_BIN2"),
                    kind = table.Column<string>(type: "varchar(20)", unicode: false, maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "varchar(10)", unicode: false, maxLength: 10, nullable: false),
                    account_id = table.Column<long>(type: "bigint", nullable: true),
                    request = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    sealed_password = table.Column<string>(type: "varchar(1024)", unicode: false, maxLength: 1024, nullable: true),
                    caller_address = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    caller_id = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    actor = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    trace_id = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "datetime2(6)", precision: 6, nullable: false),
                    started_at = table.Column<DateTime>(type: "datetime2(6)", precision: 6, nullable: true),
                    finished_at = table.Column<DateTime>(type: "datetime2(6)", precision: 6, nullable: true),
                    lease_owner = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: true),
                    lease_until = table.Column<DateTime>(type: "datetime2(6)", precision: 6, nullable: true),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    result_status = table.Column<int>(type: "int", nullable: true),
                    result_body = table.Column<string>(type: "nvarchar(max)", maxLength: 65536, nullable: true)
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
