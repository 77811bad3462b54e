using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccountRegistry.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    broker = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    login = table.Column<long>(type: "INTEGER", nullable: false),
                    server = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    is_live = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    allowed_symbols = table.Column<string>(type: "TEXT", nullable: false),
                    max_lot_size = table.Column<decimal>(type: "TEXT", precision: 18, scale: 8, nullable: false),
                    risk_pct = table.Column<decimal>(type: "TEXT", precision: 18, scale: 8, nullable: false),
                    auto_trade_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    paper_trade_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    mt5_path = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    account_type = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    password_encrypted = table.Column<string>(type: "TEXT", unicode: false, maxLength: 800, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ux_accounts_login",
                table: "accounts",
                column: "login",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "accounts");
        }
    }
}
