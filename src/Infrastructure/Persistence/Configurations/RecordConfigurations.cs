using AccountRegistry.Infrastructure.Persistence.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccountRegistry.Infrastructure.Persistence.Configurations;

internal sealed class LoginFailureConfiguration : IEntityTypeConfiguration<LoginFailure>
{
    public void Configure(EntityTypeBuilder<LoginFailure> builder)
    {
        builder.ToTable("login_failures");
        builder.HasKey(f => f.Id).HasName("pk_login_failures");
        builder.Property(f => f.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(f => f.Login).HasColumnName("login");
        builder.Property(f => f.Client).HasColumnName("client").HasMaxLength(LoginFailure.ClientMaxLength).IsUnicode(false)
            .IsRequired().HasDefaultValue(string.Empty);
        builder.Property(f => f.FailedAt).HasColumnName("failed_at").HasPrecision(6).HasConversion(UtcConverter.Instance);
        builder.HasIndex(f => new { f.Login, f.FailedAt }).HasDatabaseName("ix_login_failures_login_failed_at");
        builder.HasIndex(f => new { f.Login, f.Client, f.FailedAt }).HasDatabaseName("ix_login_failures_login_client_failed_at");
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public const int KeyMaxLength = 255;

    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => r.Key).HasName("pk_idempotency_records");
        builder.Property(r => r.Key).HasColumnName("idempotency_key").HasMaxLength(KeyMaxLength).IsUnicode(false);
        builder.Property(r => r.Fingerprint).HasColumnName("fingerprint").HasMaxLength(120).IsUnicode(false).IsRequired();
        builder.Property(r => r.CreatedAt).HasColumnName("created_at").HasPrecision(6).HasConversion(UtcConverter.Instance);
        builder.Property(r => r.Status).HasColumnName("status");
        builder.Property(r => r.Body).HasColumnName("body");
        builder.Property(r => r.Location).HasColumnName("location").HasMaxLength(200);
        builder.HasIndex(r => r.CreatedAt).HasDatabaseName("ix_idempotency_records_created_at");
    }
}
