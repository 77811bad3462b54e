using AccountRegistry.Domain.Accounts;
using Mediator;

namespace AccountRegistry.Application.Events.ListEvents;

/// <summary>
/// GET /api/v1/events: one page of the audit trail, newest first, optionally of one account (by id
/// or by login, so that a deleted account's history can be found) and of one type of event.
/// </summary>
public sealed record ListEventsQuery(EventFilter Filter, int Skip, int Limit) : IRequest<EventPage>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>As for accounts: no request walks more rows than this before its page.</summary>
    public const int MaxSkip = 1_000_000;
}

/// <summary>Which entries: each criterion given narrows the list; none lists them all.</summary>
public sealed record EventFilter(long? AccountId = null, long? Login = null, AccountEventType? Type = null);

/// <summary>One page of the audit trail and the number of entries the filter matches in all.</summary>
public sealed record EventPage(IReadOnlyList<AccountEventResponse> Events, int Total);
