namespace AccountRegistry.Infrastructure.Persistence.Records;

/// <summary>One rejection of a login's credentials by MT5 (table <c>login_failures</c>).</summary>
internal sealed class LoginFailure
{
    /// <summary>The longest client address kept: an IPv6 /64 written out, with room to spare.</summary>
    public const int ClientMaxLength = 64;

    public long Id { get; set; }

    public long Login { get; set; }

    /// <summary>The client address the rejected request came from (see <c>ICaller.Address</c>).</summary>
    public string Client { get; set; } = string.Empty;

    public DateTime FailedAt { get; set; }
}
