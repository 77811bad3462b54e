using System.Text.Json;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Events;
using AccountRegistry.Application.Events.ListEvents;
using AccountRegistry.Domain.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.Persistence;

internal sealed class AccountEventStore(AccountRegistryDbContext db) : IAccountEvents
{
    public async Task<IReadOnlyList<AccountEventResponse>> ListAsync(EventFilter filter, int skip, int limit, CancellationToken cancellationToken)
    {
        // Newest first.
        var rows = await Matching(filter)
            .OrderByDescending(e => e.Id)
            .Skip(skip)
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return [.. rows.Select(e => new AccountEventResponse(
            e.Id,
            e.AccountId,
            e.Login,
            AccountEventTypes.NameOf(e.Type),
            [.. e.Changes.Select(change => new FieldChangeResponse(change.Field, Value(change.Old), Value(change.New)))],
            e.Actor,
            e.TraceId,
            e.At))];
    }

    // Written by the domain as JSON text; read back as the JSON value it is.
    private static JsonElement Value(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public Task<int> CountAsync(EventFilter filter, CancellationToken cancellationToken) =>
        Matching(filter).CountAsync(cancellationToken);

    private IQueryable<AccountEvent> Matching(EventFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return db.AccountEvents.AsNoTracking()
            .WhereGiven(filter.AccountId, accountId => e => e.AccountId == accountId)
            .WhereGiven(filter.Login, login => e => e.Login == login)
            .WhereGiven(filter.Type, type => e => e.Type == type);
    }
}
