namespace AccountRegistry.Domain.Accounts;

/// <summary>
/// One entry of the audit trail: what happened to which account, when, and at whose request (the
/// caller and the request's trace id). A change lists the fields it touched with their old and new
/// values; a password is never among them. The entry outlives its account: a deleted account's
/// history stays.
/// </summary>
public sealed class AccountEvent
{
    // For EF Core's materialisation only.
    private AccountEvent()
    {
        Actor = string.Empty;
        Changes = new List<FieldChange>(); // EF Core adds to it while reading
    }

    internal AccountEvent(Account account, AccountEventType type, IReadOnlyList<FieldChange> changes, AuditActor actor, DateTime at)
    {
        AccountId = account.Id;
        Login = account.Login;
        Type = type;
        Changes = changes;
        Actor = Bounded(actor.Id);
        TraceId = actor.TraceId is { } trace ? Bounded(trace) : null;
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

    /// <summary>For <see cref="AccountEventType.Updated"/>: the fields whose value changed, with the values.</summary>
    public IReadOnlyList<FieldChange> Changes { get; private set; }

    /// <summary>Who asked: the caller's API key id and address, as the service identifies callers.</summary>
    public string Actor { get; private set; }

    /// <summary>The trace id of the request that made the change, to find it in the logs.</summary>
    public string? TraceId { get; private set; }

    /// <summary>When, in UTC.</summary>
    public DateTime At { get; private set; }

    private static string Bounded(string text) => text.Length <= AuditActor.MaxLength ? text : text[..AuditActor.MaxLength];
}
