namespace AccountRegistry.Application.Common.Credentials;

/// <summary>The use cases that check credentials with MT5: a tag of the metrics and a verification job's <c>kind</c>.</summary>
public enum VerificationKind
{
    /// <summary>register: <c>POST /api/v1/accounts</c>.</summary>
    Register,

    /// <summary>password_change: <c>PUT /api/v1/accounts/{id}/password</c>.</summary>
    PasswordChange,

    /// <summary>verify: <c>POST /api/v1/accounts/{id}/verify</c>.</summary>
    Verify,
}

/// <summary>
/// A command that checks credentials with MT5. Implemented explicitly, so the kind is never a
/// field of a request body.
/// </summary>
public interface IVerifiesCredentials
{
    VerificationKind Kind { get; }
}
