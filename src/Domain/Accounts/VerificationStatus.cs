namespace AccountRegistry.Domain.Accounts;

/// <summary>What the last check of an account's stored credentials against MT5 found.</summary>
public enum VerificationStatus
{
    /// <summary>Never checked by this service (an account imported from the original system).</summary>
    Unverified = 0,

    /// <summary>MT5 accepted the credentials at the last check.</summary>
    Verified = 1,

    /// <summary>MT5 refused the credentials at the last check (the password was changed at the broker, the account closed).</summary>
    Rejected = 2,
}
