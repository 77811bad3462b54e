namespace AccountRegistry.Domain.Accounts;

/// <summary>What happened to an account, as the audit trail records it.</summary>
public enum AccountEventType
{
    /// <summary>The account was registered (or imported) with credentials MT5 accepted.</summary>
    Registered = 1,

    /// <summary>Fields of the account were changed; the event names them.</summary>
    Updated = 2,

    /// <summary>The MT5 password was replaced by one MT5 accepted.</summary>
    PasswordChanged = 3,

    /// <summary>The stored credentials were checked against MT5 and accepted.</summary>
    Verified = 4,

    /// <summary>The stored credentials were checked against MT5 and refused.</summary>
    VerificationRejected = 5,

    /// <summary>The account and its password were removed.</summary>
    Deleted = 6,
}
