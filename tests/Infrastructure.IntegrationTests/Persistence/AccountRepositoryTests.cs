using System.Data.Common;
using System.Globalization;
using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.ListAccounts;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AccountRegistry.Infrastructure.IntegrationTests.Persistence;

[TestFixture]
public sealed class AccountRepositoryTests
{
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

    private async Task AddAsync(params Account[] accounts)
    {
        await using var context = SqliteDatabase.CreateContext(_connectionString);
        var repository = new AccountRepository(context);
        foreach (var account in accounts)
        {
            await repository.AddAsync(account, CancellationToken.None);
        }
    }

    private async Task<T> WithFreshRepositoryAsync<T>(Func<AccountRepository, Task<T>> action)
    {
        await using var context = SqliteDatabase.CreateContext(_connectionString);
        return await action(new AccountRepository(context));
    }

    private Task<long> CountRowsAsync() => SqliteDatabase.ScalarAsync(_connectionString, "SELECT COUNT(*) FROM accounts");

    [Test]
    public async Task AddAsync_AssignsIncreasingIds()
    {
        var first = TestAccounts.Create(1001);
        var second = TestAccounts.Create(1002);
        Assert.That(first.Id, Is.Zero);

        await AddAsync(first, second);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Id, Is.Positive);
            Assert.That(second.Id, Is.GreaterThan(first.Id));
            Assert.That(await CountRowsAsync(), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task FindAsync_ReturnsStoredAccount_WithEveryFieldAsWritten()
    {
        var stored = Account.Register(
            TestAccounts.Details(51234567, ["EURUSD.m", "XAUUSD", "US30"]) with
            {
                IsLive = true,
                MaxLotSize = 0.1m,
                RiskPct = 0.005m,
                Mt5Path = @"C:\MT5\terminal64.exe",
                AccountType = AccountType.USC,
            },
            new EncryptedPassword("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
            TestAccounts.RegisteredAt);
        await AddAsync(stored);

        var found = await WithFreshRepositoryAsync(r => r.FindAsync(stored.Id, CancellationToken.None));

        Assert.That(found, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found!.Id, Is.EqualTo(stored.Id));
            Assert.That(found.Name, Is.EqualTo("Strategy 51234567"));
            Assert.That(found.Broker, Is.EqualTo("Example Broker"));
            Assert.That(found.Login, Is.EqualTo(51234567));
            Assert.That(found.Server, Is.EqualTo("Example-Demo"));
            Assert.That(found.IsLive, Is.True);
            Assert.That(found.IsActive, Is.True);
            Assert.That(found.AllowedSymbols, Is.EqualTo(new[] { "EURUSD.m", "XAUUSD", "US30" }));
            Assert.That(found.MaxLotSize, Is.EqualTo(0.1m));
            Assert.That(found.RiskPct, Is.EqualTo(0.005m));
            Assert.That(found.MaxLotSize.ToString(CultureInfo.InvariantCulture), Is.EqualTo("0.1"));
            Assert.That(found.RiskPct.ToString(CultureInfo.InvariantCulture), Is.EqualTo("0.005"));
            Assert.That(found.AutoTradeEnabled, Is.True);
            Assert.That(found.PaperTradeEnabled, Is.False);
            Assert.That(found.Mt5Path, Is.EqualTo(@"C:\MT5\terminal64.exe"));
            Assert.That(found.AccountType, Is.EqualTo(AccountType.USC));
            Assert.That(found.EncryptedPassword, Is.EqualTo(stored.EncryptedPassword));
            Assert.That(found.CreatedAt, Is.EqualTo(stored.CreatedAt));
            Assert.That(found.CreatedAt.Ticks, Is.EqualTo(stored.CreatedAt.Ticks));
            Assert.That(found.CreatedAt.Kind, Is.EqualTo(DateTimeKind.Utc));
        }
    }

    [Test]
    public async Task FindAsync_ReturnsEmptySymbolList_WhenNoneAllowed()
    {
        var stored = TestAccounts.Create(1001, symbols: []);
        await AddAsync(stored);

        var found = await WithFreshRepositoryAsync(r => r.FindAsync(stored.Id, CancellationToken.None));

        Assert.That(found?.AllowedSymbols, Is.Not.Null.And.Empty);
    }

    [Test]
    public async Task FindAsync_ReturnsNull_WhenIdUnknown()
    {
        var stored = TestAccounts.Create(1001);
        await AddAsync(stored);

        var found = await WithFreshRepositoryAsync(r => r.FindAsync(stored.Id + 1000, CancellationToken.None));

        Assert.That(found, Is.Null);
    }

    [Test]
    public async Task ListAsync_ReturnsEmpty_AndCountIsZero_WhenNoAccounts()
    {
        var all = await WithFreshRepositoryAsync(r => r.ListAsync(AccountFilter.All, 0, 100, CancellationToken.None));
        var count = await WithFreshRepositoryAsync(r => r.CountAsync(AccountFilter.All, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(all, Is.Empty);
            Assert.That(count, Is.Zero);
        }
    }

    [Test]
    public async Task ListAsync_ReturnsAccountsOrderedById()
    {
        // Logins out of order, so an order by login would differ from the order by id.
        await AddAsync(TestAccounts.Create(3003), TestAccounts.Create(1001), TestAccounts.Create(2002));

        var all = await WithFreshRepositoryAsync(r => r.ListAsync(AccountFilter.All, 0, 100, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.Select(a => a.Id), Is.Ordered.Ascending.And.Unique);
            Assert.That(all.Select(a => a.Login), Is.EqualTo(new long[] { 3003, 1001, 2002 }));
        }
    }

    [Test]
    public async Task ListAsync_SkipsThenLimits_InIdOrder_AndCountCountsEveryAccount()
    {
        await AddAsync(TestAccounts.Create(5005), TestAccounts.Create(4004), TestAccounts.Create(3003), TestAccounts.Create(2002), TestAccounts.Create(1001));

        var window = await WithFreshRepositoryAsync(r => r.ListAsync(AccountFilter.All, 1, 2, CancellationToken.None));
        var pastTheEnd = await WithFreshRepositoryAsync(r => r.ListAsync(AccountFilter.All, 4, 10, CancellationToken.None));
        var count = await WithFreshRepositoryAsync(r => r.CountAsync(AccountFilter.All, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(window.Select(a => a.Login), Is.EqualTo(new long[] { 4004, 3003 }));
            Assert.That(pastTheEnd.Select(a => a.Login), Is.EqualTo(new long[] { 1001 }));
            Assert.That(count, Is.EqualTo(5));
        }
    }

    [Test]
    public async Task ListAsync_ReadsOnlyTheResponseColumns_NeverThePassword_AndMapsAsTheResponseMapperDoes()
    {
        var stored = Account.Register(
            TestAccounts.Details(51234567, ["EURUSD.m", "XAUUSD"]) with { IsLive = true, MaxLotSize = 0.1m, RiskPct = 0.005m, AccountType = AccountType.USC },
            new EncryptedPassword("k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
            TestAccounts.RegisteredAt);
        await AddAsync(stored);
        var commands = new CommandLog();
        await using var context = new SqliteAccountRegistryDbContext(
            new DbContextOptionsBuilder<SqliteAccountRegistryDbContext>().UseSqlite(_connectionString).AddInterceptors(commands).Options);

        var listed = await new AccountRepository(context).ListAsync(AccountFilter.All, 0, 10, CancellationToken.None);

        var expected = (await WithFreshRepositoryAsync(r => r.FindAsync(stored.Id, CancellationToken.None)))!.ToResponse();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(commands.Texts, Has.Count.EqualTo(1));
            Assert.That(commands.Texts[0], Does.Not.Contain("password"));
            Assert.That(commands.Texts[0], Does.Contain("ORDER BY").And.Contain("LIMIT"));
            Assert.That(listed, Has.Count.EqualTo(1));
            Assert.That(listed[0], Is.EqualTo(expected).UsingPropertiesComparer());
        }
    }

    private sealed class CommandLog : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    [Test]
    public async Task LoginExistsAsync_ReturnsTrue_ForStoredLogin_AndFalseOtherwise()
    {
        await AddAsync(TestAccounts.Create(1001));

        var stored = await WithFreshRepositoryAsync(r => r.LoginExistsAsync(1001, CancellationToken.None));
        var other = await WithFreshRepositoryAsync(r => r.LoginExistsAsync(1002, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored, Is.True);
            Assert.That(other, Is.False);
        }
    }

    [Test]
    public async Task AddAsync_ThrowsAccountAlreadyExists_WhenLoginStoredThroughAnotherContext()
    {
        await using var firstContext = SqliteDatabase.CreateContext(_connectionString);
        await using var secondContext = SqliteDatabase.CreateContext(_connectionString);
        var first = new AccountRepository(firstContext);
        var second = new AccountRepository(secondContext);
        // Both requests checked before either stored: neither saw the login.
        Assert.That(await second.LoginExistsAsync(1001, CancellationToken.None), Is.False);
        await first.AddAsync(TestAccounts.Create(1001), CancellationToken.None);

        var exception = Assert.ThrowsAsync<AccountAlreadyExistsException>(
            () => second.AddAsync(TestAccounts.Create(1001), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception!.Login, Is.EqualTo(1001));
            Assert.That(exception.InnerException, Is.InstanceOf<DbUpdateException>());
            Assert.That(await CountRowsAsync(), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task AddAsync_StoresAnotherLogin_AfterADuplicateFailedOnTheSameContext()
    {
        await AddAsync(TestAccounts.Create(1001));
        await using var context = SqliteDatabase.CreateContext(_connectionString);
        var repository = new AccountRepository(context);
        Assert.ThrowsAsync<AccountAlreadyExistsException>(
            () => repository.AddAsync(TestAccounts.Create(1001), CancellationToken.None));

        var next = TestAccounts.Create(1002);
        await repository.AddAsync(next, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(next.Id, Is.Positive);
            Assert.That(await CountRowsAsync(), Is.EqualTo(2));
        }
    }
}
