using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AccountRegistry.Infrastructure.Persistence.Configurations;

internal sealed class VerificationJobConfiguration : IEntityTypeConfiguration<VerificationJobRecord>
{
    public void Configure(EntityTypeBuilder<VerificationJobRecord> builder)
    {
        builder.ToTable("verification_jobs");
        builder.HasKey(j => j.Id).HasName("pk_verification_jobs");
        builder.Property(j => j.Id).HasColumnName("id").HasMaxLength(VerificationJobRecord.IdMaxLength).IsUnicode(false);
        builder.Property(j => j.Kind).HasColumnName("kind").HasMaxLength(20).IsUnicode(false).IsRequired();
        builder.Property(j => j.Status).HasColumnName("status").HasMaxLength(10).IsUnicode(false).IsRequired();
        builder.Property(j => j.AccountId).HasColumnName("account_id");
        builder.Property(j => j.Request).HasColumnName("request").IsRequired();
        builder.Property(j => j.SealedPassword).HasColumnName("sealed_password").HasMaxLength(1024).IsUnicode(false);
        builder.Property(j => j.CallerAddress).HasColumnName("caller_address").HasMaxLength(LoginFailure.ClientMaxLength).IsUnicode(false).IsRequired();
        builder.Property(j => j.CallerId).HasColumnName("caller_id").HasMaxLength(AuditActor.MaxLength).IsRequired();
        builder.Property(j => j.Actor).HasColumnName("actor").HasMaxLength(AuditActor.MaxLength).IsRequired();
        builder.Property(j => j.TraceId).HasColumnName("trace_id").HasMaxLength(AuditActor.MaxLength);
        builder.Property(j => j.CreatedAt).HasColumnName("created_at").HasPrecision(6).HasConversion(UtcConverter.Instance);
        builder.Property(j => j.StartedAt).HasColumnName("started_at").HasPrecision(6).HasConversion(UtcConverter.Instance);
        builder.Property(j => j.FinishedAt).HasColumnName("finished_at").HasPrecision(6).HasConversion(UtcConverter.Instance);
        builder.Property(j => j.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(100).IsUnicode(false);
        builder.Property(j => j.LeaseUntil).HasColumnName("lease_until").HasPrecision(6).HasConversion(UtcConverter.Instance);
        builder.Property(j => j.Attempts).HasColumnName("attempts");
        builder.Property(j => j.ResultStatus).HasColumnName("result_status");
        builder.Property(j => j.ResultBody).HasColumnName("result_body").HasMaxLength(VerificationJobRecord.ResultBodyMaxLength);
        // The claim walks queued jobs oldest first and expired leases; the sweep, ended jobs by age;
        // the caps count a caller's and all queued jobs.
        builder.HasIndex(j => new { j.Status, j.CreatedAt }).HasDatabaseName("ix_verification_jobs_status_created_at");
        builder.HasIndex(j => new { j.Status, j.LeaseUntil }).HasDatabaseName("ix_verification_jobs_status_lease_until");
        builder.HasIndex(j => j.FinishedAt).HasDatabaseName("ix_verification_jobs_finished_at");
        builder.HasIndex(j => new { j.CallerId, j.Status }).HasDatabaseName("ix_verification_jobs_caller_id_status");
    }
}
