using AccountRegistry.Application.Events.ListEvents;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Mt5;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AccountRegistry.Infrastructure.IntegrationTests.Persistence;

/// <summary>What the lifecycle keeps: the version, the verification and MT5's facts, and the audit events.</summary>
[TestFixture]
public sealed class AccountLifecycleStorageTests
{
    private static readonly AuditActor Actor = new("address:127.0.0.1", "trace-1");

    private TempDirectory _temp = null!;
    private string _connectionString = null!;

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDirectory();
        _connectionString = await SqliteDatabase.CreateMigratedAsync(_temp.Combine("account-registry.db"));
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private static Mt5AccountSnapshot Reported(long login) => new(
        login, "Example-Demo", "Example Broker Ltd.", "USD", Mt5TradeMode.Demo, TradeAllowed: true,
        [.. Enumerable.Range(0, 3000).Select(i => $"SYM{i:D4}"), "EURUSD", "XAUUSD.m"]);

    private static Account Verified(long login) => Account.Register(
        TestAccounts.Details(login), new EncryptedPassword($"k1:sealed-{login}"), Reported(login), Actor, TestAccounts.RegisteredAt);

    private async Task AddAsync(params Account[] accounts)
    {
        await using var context = SqliteDatabase.CreateContext(_connectionString);
        var repository = new AccountRepository(context);
        foreach (var account in accounts)
        {
            await repository.AddAsync(account, CancellationToken.None);
        }
    }

    private async Task<List<AccountEvent>> EventsAsync()
    {
        await using var context = SqliteDatabase.CreateContext(_connectionString);
        return await context.AccountEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    [Test]
    public async Task ANewAccountsEvents_AreStoredWithIt_UnderTheIdTheDatabaseGaveIt()
    {
        var first = Verified(1001);
        var second = Verified(1002);

        await AddAsync(first, second);

        var events = await EventsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(events.Select(e => (e.AccountId, e.Login, e.Type)), Is.EqualTo(new[]
            {
                (first.Id, 1001L, AccountEventType.Registered),
                (second.Id, 1002L, AccountEventType.Registered),
            }));
            Assert.That(events.Select(e => (e.Actor, e.TraceId)), Is.All.EqualTo((Actor.Id, Actor.TraceId)));
            Assert.That(first.PendingEvents, Is.Empty, "stored events are not stored twice");
        }
    }

    [Test]
    public async Task ANewAccountThatCannotBeStored_LeavesNoEventBehind()
    {
        await AddAsync(Verified(1001));

        Assert.That(() => AddAsync(Verified(1001)), Throws.InstanceOf<Exception>());

        Assert.That((await EventsAsync()).Select(e => e.Type), Is.EqualTo(new[] { AccountEventType.Registered }));
    }

    [Test]
    public async Task TheVerificationAndMt5sFacts_ReadBackAsWritten()
    {
        var stored = Verified(1001);
        await AddAsync(stored);

        await using var context = SqliteDatabase.CreateContext(_connectionString);
        var read = await context.Accounts.AsNoTracking().SingleAsync(a => a.Id == stored.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Version, Is.EqualTo(1));
            Assert.That(read.VerificationStatus, Is.EqualTo(VerificationStatus.Verified));
            Assert.That(read.CheckedAt, Is.EqualTo(stored.CheckedAt));
            Assert.That(read.CheckedAt!.Value.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(read.VerifiedAt, Is.EqualTo(stored.VerifiedAt));
            Assert.That(read.Mt5!.Company, Is.EqualTo("Example Broker Ltd."));
            Assert.That(read.Mt5.Currency, Is.EqualTo("USD"));
            Assert.That(read.Mt5.TradeMode, Is.EqualTo(Mt5TradeMode.Demo));
            Assert.That(read.Mt5.TradeAllowed, Is.True);
            Assert.That(read.Mt5.Symbols, Is.EqualTo(stored.Mt5!.Symbols));
        }
    }

    [Test]
    public async Task AnUnverifiedAccount_HasNoFacts()
    {
        var stored = TestAccounts.Create(1001);
        await AddAsync(stored);

        await using var context = SqliteDatabase.CreateContext(_connectionString);
        var read = await context.Accounts.AsNoTracking().SingleAsync(a => a.Id == stored.Id);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.VerificationStatus, Is.EqualTo(VerificationStatus.Unverified));
            Assert.That(read.Mt5, Is.Null);
            Assert.That(read.CheckedAt, Is.Null);
        }
    }

    [Test]
    public async Task AChange_IsStoredWithItsEvent_AndAWriterHoldingAnOlderVersion_IsRefused()
    {
        var stored = Verified(1001);
        await AddAsync(stored);

        await using var first = SqliteDatabase.CreateContext(_connectionString);
        await using var second = SqliteDatabase.CreateContext(_connectionString);
        var mine = await first.Accounts.SingleAsync(a => a.Id == stored.Id);
        var theirs = await second.Accounts.SingleAsync(a => a.Id == stored.Id);

        mine.Change(new AccountChanges { Name = "Mine" }, Actor, TestAccounts.RegisteredAt.AddMinutes(1));
        await first.SaveChangesAsync();
        theirs.Change(new AccountChanges { Name = "Theirs" }, Actor, TestAccounts.RegisteredAt.AddMinutes(2));

        Assert.That(() => second.SaveChangesAsync(), Throws.TypeOf<DbUpdateConcurrencyException>());

        await using var check = SqliteDatabase.CreateContext(_connectionString);
        var read = await check.Accounts.AsNoTracking().SingleAsync(a => a.Id == stored.Id);
        var events = await EventsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Name, Is.EqualTo("Mine"));
            Assert.That(read.Version, Is.EqualTo(2));
            Assert.That(events.Select(e => (e.AccountId, e.Type)), Is.EqualTo(new[]
            {
                (stored.Id, AccountEventType.Registered),
                (stored.Id, AccountEventType.Updated),
            }), "the refused change left no event");
            Assert.That(events[1].Changes, Is.EqualTo(new[] { new FieldChange(AccountFields.Name, "\"Strategy 1001\"", "\"Mine\"") }));
        }
    }

    [Test]
    public async Task ADeletedAccountsHistory_Stays()
    {
        var stored = Verified(1001);
        await AddAsync(stored);

        await using (var context = SqliteDatabase.CreateContext(_connectionString))
        {
            var account = await context.Accounts.SingleAsync(a => a.Id == stored.Id);
            account.RecordDeletion(Actor, TestAccounts.RegisteredAt.AddDays(1));
            context.Accounts.Remove(account);
            await context.SaveChangesAsync();
        }

        var events = await EventsAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await SqliteDatabase.ScalarAsync(_connectionString, "SELECT COUNT(*) FROM accounts"), Is.Zero);
            Assert.That(events.Select(e => (e.AccountId, e.Login, e.Type)), Is.EqualTo(new[]
            {
                (stored.Id, 1001L, AccountEventType.Registered),
                (stored.Id, 1001L, AccountEventType.Deleted),
            }));
        }
    }

    [Test]
    public async Task TheAuditTrail_IsListedNewestFirst_ByAccountLoginOrType_APageAtATime()
    {
        var first = Verified(1001);
        var second = Verified(1002);
        await AddAsync(first, second);
        await using (var context = SqliteDatabase.CreateContext(_connectionString))
        {
            var repository = new AccountRepository(context);
            var account = (await repository.FindAsync(first.Id, CancellationToken.None))!;
            account.Change(new AccountChanges { Name = "Renamed", RiskPct = 0.02m }, new AuditActor("key:ops|address:10.0.0.1"), TestAccounts.RegisteredAt.AddHours(1));
            await repository.SaveChangesAsync(CancellationToken.None);
            account.RecordDeletion(Actor, TestAccounts.RegisteredAt.AddHours(2));
            await repository.RemoveAsync(account, CancellationToken.None);
        }

        await using var reading = SqliteDatabase.CreateContext(_connectionString);
        var store = new AccountEventStore(reading);
        var ofFirst = await store.ListAsync(new EventFilter(AccountId: first.Id), 0, 10, CancellationToken.None);
        var byLogin = await store.ListAsync(new EventFilter(Login: 1001), 0, 10, CancellationToken.None);
        var registrations = await store.ListAsync(new EventFilter(Type: AccountEventType.Registered), 0, 10, CancellationToken.None);
        var secondPage = await store.ListAsync(new EventFilter(), 2, 2, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            // Newest first.
            Assert.That(ofFirst.Select(e => e.Type), Is.EqualTo(new[] { "deleted", "updated", "registered" }));
            Assert.That(ofFirst[1].Changes.Select(c => (c.Field, c.Old.ToString(), c.New.ToString())),
                Is.EqualTo(new[] { ("name", "Strategy 1001", "Renamed"), ("risk_pct", "0.005", "0.02") }));
            Assert.That(ofFirst[1].Changes[1].New.ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Number));
            Assert.That(ofFirst[1].Actor, Is.EqualTo("key:ops|address:10.0.0.1"));
            Assert.That(ofFirst[1].TraceId, Is.Null);
            Assert.That(ofFirst[0].TraceId, Is.EqualTo("trace-1"));
            Assert.That(ofFirst[1].At.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(byLogin, Is.EqualTo(ofFirst).AsCollection.Using<Application.Events.AccountEventResponse>((a, b) => a.Id == b.Id));
            Assert.That(registrations.Select(e => e.AccountId), Is.EqualTo(new[] { second.Id, first.Id }));
            Assert.That(secondPage.Select(e => (e.AccountId, e.Type)), Is.EqualTo(new[] { (second.Id, "registered"), (first.Id, "registered") }));
            Assert.That(await store.CountAsync(new EventFilter(AccountId: first.Id), CancellationToken.None), Is.EqualTo(3));
            Assert.That(await store.CountAsync(new EventFilter(), CancellationToken.None), Is.EqualTo(4));
        }
    }

    [Test]
    public async Task SaveChanges_OfAnAccountAnotherWriterRemoved_IsAConcurrentChange()
    {
        var stored = Verified(1001);
        await AddAsync(stored);

        await using var mine = SqliteDatabase.CreateContext(_connectionString);
        var repository = new AccountRepository(mine);
        var account = (await repository.FindAsync(stored.Id, CancellationToken.None))!;
        await SqliteDatabase.ScalarAsync(_connectionString, "DELETE FROM accounts");
        account.Change(new AccountChanges { Name = "Too late" }, Actor, TestAccounts.RegisteredAt.AddHours(1));

        Assert.That(
            () => repository.SaveChangesAsync(CancellationToken.None),
            Throws.TypeOf<Application.Common.Exceptions.AccountChangedConcurrentlyException>().With.Property("Id").EqualTo(stored.Id));
        Assert.That((await EventsAsync()).Select(e => e.Type), Is.EqualTo(new[] { AccountEventType.Registered }));
    }

    [Test]
    public async Task GetAsync_ReadsTheResponse_WithItsVersion_OrNothing()
    {
        var stored = Verified(1001);
        await AddAsync(stored);

        await using var context = SqliteDatabase.CreateContext(_connectionString);
        var repository = new AccountRepository(context);

        var found = await repository.GetAsync(stored.Id, CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found!.Login, Is.EqualTo(1001));
            Assert.That(found.Version, Is.EqualTo(1));
            Assert.That(await repository.GetAsync(stored.Id + 1, CancellationToken.None), Is.Null);
        }
    }
}
