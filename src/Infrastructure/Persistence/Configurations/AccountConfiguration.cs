using AccountRegistry.Domain.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccountRegistry.Infrastructure.Persistence.Configurations;

/// <summary>Table <c>accounts</c>, with snake_case columns as in the original system.</summary>
internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    // Enough for "v2:keyid:" (up to 36) plus the base64 of a 12-byte nonce, a 128-character password
    // in UTF-8 (up to 384 bytes) and a 16-byte tag: 36 + 4 * ceil(412 / 3) = 588.
    private const int EncryptedPasswordMaxLength = 800;

    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts");

        builder.HasKey(a => a.Id).HasName("pk_accounts");
        builder.Property(a => a.Id).HasColumnName("id").ValueGeneratedOnAdd();

        builder.Property(a => a.Name).HasColumnName("name").HasMaxLength(AccountLimits.NameMaxLength).IsRequired();
        builder.Property(a => a.Broker).HasColumnName("broker").HasMaxLength(AccountLimits.BrokerMaxLength).IsRequired();
        builder.Property(a => a.Login).HasColumnName("login").IsRequired();
        builder.HasIndex(a => a.Login).IsUnique().HasDatabaseName("ux_accounts_login");
        builder.Property(a => a.Server).HasColumnName("server").HasMaxLength(AccountLimits.ServerMaxLength).IsRequired();
        builder.Property(a => a.IsLive).HasColumnName("is_live");
        builder.Property(a => a.IsActive).HasColumnName("is_active");

        // Stored as a JSON array of strings.
        builder.PrimitiveCollection(a => a.AllowedSymbols).HasColumnName("allowed_symbols").IsRequired();

        builder.Property(a => a.MaxLotSize).HasColumnName("max_lot_size").HasPrecision(18, AccountLimits.MaxDecimalPlaces);
        builder.Property(a => a.RiskPct).HasColumnName("risk_pct").HasPrecision(18, AccountLimits.MaxDecimalPlaces);
        builder.Property(a => a.AutoTradeEnabled).HasColumnName("auto_trade_enabled");
        builder.Property(a => a.PaperTradeEnabled).HasColumnName("paper_trade_enabled");
        builder.Property(a => a.Mt5Path).HasColumnName("mt5_path").HasMaxLength(AccountLimits.Mt5PathMaxLength).IsRequired();
        builder.Property(a => a.AccountType).HasColumnName("account_type").HasConversion<string>().HasMaxLength(3).IsRequired();

        builder.Property(a => a.EncryptedPassword)
            .HasColumnName("password_encrypted")
            .HasConversion(password => password.Value, value => new EncryptedPassword(value))
            .HasMaxLength(EncryptedPasswordMaxLength)
            .IsUnicode(false)
            .IsRequired();

        builder.Property(a => a.CreatedAt)
            .HasColumnName("created_at")
            .HasPrecision(6)
            .HasConversion(UtcConverter.Instance);
    }
}
