using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccountRegistry.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "checked_at",
                table: "accounts",
                type: "TEXT",
                precision: 6,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "mt5_snapshot",
                table: "accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "verification_detail",
                table: "accounts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "verification_status",
                table: "accounts",
                type: "TEXT",
                unicode: false,
                maxLength: 12,
                nullable: false,
                defaultValue: "Unverified");

            migrationBuilder.AddColumn<DateTime>(
                name: "verified_at",
                table: "accounts",
                type: "TEXT",
                precision: 6,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "account_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    account_id = table.Column<long>(type: "INTEGER", nullable: false),
                    login = table.Column<long>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", unicode: false, maxLength: 24, nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    trace_id = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: true),
                    at = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    changes = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_events", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_account_events_account_id",
                table: "account_events",
                columns: new[] { "account_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_account_events_login",
                table: "account_events",
                columns: new[] { "login", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_events");

            migrationBuilder.DropColumn(
                name: "checked_at",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "mt5_snapshot",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "verification_detail",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "verification_status",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "verified_at",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "version",
                table: "accounts");
        }
    }
}
