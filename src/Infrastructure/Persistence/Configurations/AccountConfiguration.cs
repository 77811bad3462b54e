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

        // Of two writers that read the same version, the second finds none to update (the 412 of a stale If-Match).
        builder.Property(a => a.Version).HasColumnName("version").IsConcurrencyToken();

        builder.Property(a => a.VerificationStatus).HasColumnName("verification_status")
            .HasConversion<string>().HasMaxLength(12).IsUnicode(false);
        builder.Property(a => a.CheckedAt).HasColumnName("checked_at").HasPrecision(6).HasConversion(UtcConverter.Instance);
        builder.Property(a => a.VerifiedAt).HasColumnName("verified_at").HasPrecision(6).HasConversion(UtcConverter.Instance);
        builder.Property(a => a.VerificationDetail).HasColumnName("verification_detail").HasMaxLength(Account.VerificationDetailMaxLength);

        // What MT5 reported, symbols included, as one JSON document: read only with the whole account
        // (for a change or a verification), never by a list or a read of the account's fields.
        builder.OwnsOne(a => a.Mt5, mt5 =>
        {
            mt5.ToJson("mt5_snapshot");
            mt5.Property(f => f.Company).HasJsonPropertyName("company");
            mt5.Property(f => f.Currency).HasJsonPropertyName("currency");
            mt5.Property(f => f.TradeMode).HasJsonPropertyName("trade_mode").HasConversion<string>();
            mt5.Property(f => f.TradeAllowed).HasJsonPropertyName("trade_allowed");
            mt5.PrimitiveCollection(f => f.Symbols).HasJsonPropertyName("symbols");
        });

        builder.Ignore(a => a.PendingEvents);
        builder.Ignore(a => a.Details);
    }
}

/// <summary>Table <c>account_events</c>: the audit trail, kept after its account is deleted (no foreign key).</summary>
internal sealed class AccountEventConfiguration : IEntityTypeConfiguration<AccountEvent>
{
    public void Configure(EntityTypeBuilder<AccountEvent> builder)
    {
        builder.ToTable("account_events");
        builder.HasKey(e => e.Id).HasName("pk_account_events");
        builder.Property(e => e.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(e => e.AccountId).HasColumnName("account_id");
        builder.Property(e => e.Login).HasColumnName("login");
        builder.Property(e => e.Type).HasColumnName("type").HasConversion<string>().HasMaxLength(24).IsUnicode(false);
        builder.OwnsMany(e => e.Changes, change =>
        {
            change.ToJson("changes");
            change.Property(c => c.Field).HasJsonPropertyName("field");
            change.Property(c => c.Old).HasJsonPropertyName("old");
            change.Property(c => c.New).HasJsonPropertyName("new");
        });
        builder.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(AuditActor.MaxLength).IsRequired();
        builder.Property(e => e.TraceId).HasColumnName("trace_id").HasMaxLength(AuditActor.MaxLength).IsUnicode(false);
        builder.Property(e => e.At).HasColumnName("at").HasPrecision(6).HasConversion(UtcConverter.Instance);
        builder.HasIndex(e => new { e.AccountId, e.Id }).HasDatabaseName("ix_account_events_account_id");
        builder.HasIndex(e => new { e.Login, e.Id }).HasDatabaseName("ix_account_events_login");
    }
}
