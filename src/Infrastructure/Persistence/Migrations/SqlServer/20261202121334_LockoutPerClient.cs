using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccountRegistry.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LockoutPerClient : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "client",
                table: "login_failures",
                type: "varchar(64)",
                unicode: false,
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "ix_login_failures_login_client_failed_at",
                table: "login_failures",
                columns: new[] { "login", "client", "failed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_login_failures_login_client_failed_at",
                table: "login_failures");

            migrationBuilder.DropColumn(
                name: "client",
                table: "login_failures");
        }
    }
}
