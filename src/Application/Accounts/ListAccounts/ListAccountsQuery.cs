using Mediator;

namespace AccountRegistry.Application.Accounts.ListAccounts;

/// <summary>
/// GET /api/v1/accounts: one page of the accounts <paramref name="Filter"/> matches, ordered by id.
/// <paramref name="Skip"/> accounts are passed over, then at most <paramref name="Limit"/> are
/// returned (FastAPI's convention).
/// </summary>
public sealed record ListAccountsQuery(AccountFilter Filter, int Skip, int Limit) : IRequest<AccountPage>
{
    public const int DefaultSkip = 0;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>
    /// Databases skip rows by walking them (SQLite's OFFSET is linear), so a page deep into a big
    /// table costs a walk of the rows before it. Capped so that no request walks more than this.
    /// </summary>
    public const int MaxSkip = 1_000_000;
}

/// <summary>
/// Which accounts a list holds: each condition given must hold (exact matches; text compared as
/// stored, case and all); null is no condition.
/// </summary>
public sealed record AccountFilter
{
    public static AccountFilter All { get; } = new();

    public bool? IsActive { get; init; }

    public bool? IsLive { get; init; }

    public bool? AutoTradeEnabled { get; init; }

    public Domain.Accounts.AccountType? AccountType { get; init; }

    public string? Broker { get; init; }

    public string? Server { get; init; }

    public long? Login { get; init; }
}

/// <summary>One page of accounts and the number of accounts the filter matches in all.</summary>
public sealed record AccountPage(IReadOnlyList<AccountResponse> Accounts, int Total);
