namespace AccountRegistry.Infrastructure.Persistence.Records;

/// <summary>One rejection of a login's credentials by MT5 (table <c>login_failures</c>).</summary>
internal sealed class LoginFailure
{
    public long Id { get; set; }

    public long Login { get; set; }

    public DateTime FailedAt { get; set; }
}
