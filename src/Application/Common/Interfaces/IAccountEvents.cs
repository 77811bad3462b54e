using AccountRegistry.Application.Events;
using AccountRegistry.Application.Events.ListEvents;

namespace AccountRegistry.Application.Common.Interfaces;

/// <summary>Reads the audit trail. Its entries are written with the changes they record, by <see cref="IAccountRepository"/>.</summary>
public interface IAccountEvents
{
    /// <summary>The entries the filter matches, newest first, <paramref name="skip"/> passed over and at most <paramref name="limit"/> returned.</summary>
    Task<IReadOnlyList<AccountEventResponse>> ListAsync(EventFilter filter, int skip, int limit, CancellationToken cancellationToken);

    /// <summary>How many entries the filter matches.</summary>
    Task<int> CountAsync(EventFilter filter, CancellationToken cancellationToken);
}
