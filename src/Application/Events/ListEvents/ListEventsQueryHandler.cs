using AccountRegistry.Application.Common.Interfaces;
using Mediator;

namespace AccountRegistry.Application.Events.ListEvents;

public sealed class ListEventsQueryHandler(IAccountEvents events) : IRequestHandler<ListEventsQuery, EventPage>
{
    public async ValueTask<EventPage> Handle(ListEventsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Skip, ListEventsQuery.MaxSkip);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, ListEventsQuery.MaxLimit);

        var page = await events.ListAsync(query.Filter, query.Skip, query.Limit, cancellationToken).ConfigureAwait(false);
        var total = await events.CountAsync(query.Filter, cancellationToken).ConfigureAwait(false);
        return new EventPage(page, total);
    }
}
