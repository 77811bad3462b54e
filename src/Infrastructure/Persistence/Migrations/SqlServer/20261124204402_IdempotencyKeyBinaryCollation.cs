using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccountRegistry.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class IdempotencyKeyBinaryCollation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQL Server cannot change the collation of a column under a primary key: drop it, alter, re-add.
            migrationBuilder.DropPrimaryKey(name: "pk_idempotency_records", table: "idempotency_records");

            migrationBuilder.AlterColumn<string>(
                name: "idempotency_key",
                table: "idempotency_records",
                type: "varchar(255)",
                unicode: false,
                maxLength: 255,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "varchar(255)",
                oldUnicode: false,
                oldMaxLength: 255);

            migrationBuilder.AddPrimaryKey(name: "pk_idempotency_records", table: "idempotency_records", column: "idempotency_key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Under the case-insensitive collation, keys that differ only in case would collide when
            // the primary key is re-added: delete such rows (they expire within 24 h) before going down.
            migrationBuilder.DropPrimaryKey(name: "pk_idempotency_records", table: "idempotency_records");

            migrationBuilder.AlterColumn<string>(
                name: "idempotency_key",
                table: "idempotency_records",
                type: "varchar(255)",
                unicode: false,
                maxLength: 255,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "varchar(255)",
                oldUnicode: false,
                oldMaxLength: 255,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "pk_idempotency_records", table: "idempotency_records", column: "idempotency_key");
        }
    }
}
