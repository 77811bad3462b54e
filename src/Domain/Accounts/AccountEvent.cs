namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// One entry of the audit trail: what happened to which account, when, and at whose request. It
/// names the fields a change touched, never their values, so no password or limit is copied into it.
/// The entry outlives its account: a deleted account's history stays.
/// </summary>
public sealed class AccountEvent
{
    /// <summary>The longest actor kept (an API key's id and the client's address).</summary>
    public const int ActorMaxLength = 200;

    // For EF Core's materialisation only.
    private AccountEvent()
    {
        Actor = string.Empty;
        Fields = [];
    }

    internal AccountEvent(Account account, AccountEventType type, IReadOnlyList<string> fields, string actor, DateTime at)
    {
        AccountId = account.Id;
        Login = account.Login;
        Type = type;
        Fields = fields;
        Actor = actor.Length <= ActorMaxLength ? actor : actor[..ActorMaxLength];
        At = at;
    }

    public long Id { get; private set; }

    /// <summary>
    /// The account's id; the account itself may be gone. A new account's events are raised before the
    /// database gives it an id, and are given it when they are stored with it.
    /// </summary>
    public long AccountId { get; private set; }

    /// <summary>The account's MT5 login, kept so that a deleted account's history can still be found by it.</summary>
    public long Login { get; private set; }

    public AccountEventType Type { get; private set; }

    /// <summary>The account's fields the event touched (for <see cref="AccountEventType.Updated"/>), by their domain names.</summary>
    public IReadOnlyList<string> Fields { get; private set; }

    /// <summary>Who asked: the caller's API key id and address, as the service identifies callers.</summary>
    public string Actor { get; private set; }

    /// <summary>When, in UTC.</summary>
    public DateTime At { get; private set; }
}
