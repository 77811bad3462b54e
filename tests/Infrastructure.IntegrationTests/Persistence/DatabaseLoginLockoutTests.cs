using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AccountRegistry.Infrastructure.IntegrationTests.Persistence;

/// <summary>The lockout's edges, on a real SQLite file and a fake clock.</summary>
[TestFixture]
public sealed class DatabaseLoginLockoutTests
{
    private const long Login = 12345678;
    private const string Owner = "198.51.100.10";
    private const string Stranger = "203.0.113.66";

    private TempDirectory _temp = null!;
    private string _connectionString = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDirectory();
        _connectionString = await SqliteDatabase.CreateMigratedAsync(_temp.Combine("account-registry.db"));
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private async Task<TimeSpan?> LockedOutForAsync(string client, LockoutOptions options, long login = Login)
    {
        await using var context = SqliteDatabase.CreateContext(_connectionString);
        return await new DatabaseLoginLockout(context, Options.Create(options), _clock)
            .LockedOutForAsync(login, client, CancellationToken.None);
    }

    private async Task RejectAsync(string client, LockoutOptions options, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            await using var context = SqliteDatabase.CreateContext(_connectionString);
            await new DatabaseLoginLockout(context, Options.Create(options), _clock)
                .RecordRejectionAsync(Login, client, CancellationToken.None);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }
    }

    private static LockoutOptions Limits(int perClient = 5, int perLogin = 20, int windowMinutes = 15) =>
        new() { MaxFailures = perClient, MaxFailuresPerLogin = perLogin, WindowMinutes = windowMinutes };

    [Test]
    public async Task OneShortOfTheLimit_IsNotLockedOut()
    {
        var options = Limits(perClient: 5);
        await RejectAsync(Owner, options, times: 4);

        Assert.That(await LockedOutForAsync(Owner, options), Is.Null);
    }

    [Test]
    public async Task AtTheLimit_IsLockedOut_UntilTheOldestCountedRejectionLeavesTheWindow()
    {
        var options = Limits(perClient: 5, windowMinutes: 15);
        var first = _clock.GetUtcNow();
        await RejectAsync(Owner, options, times: 5);

        // Five rejections, 10 s apart: the first of them leaves the window 15 minutes after it was made.
        var expected = first + TimeSpan.FromMinutes(15) - _clock.GetUtcNow();
        Assert.That(await LockedOutForAsync(Owner, options), Is.EqualTo(expected));
    }

    [Test]
    public async Task AfterTheWindow_IsFreeAgain()
    {
        var options = Limits(perClient: 5, windowMinutes: 15);
        await RejectAsync(Owner, options, times: 5);
        var locked = await LockedOutForAsync(Owner, options);
        Assert.That(locked, Is.Not.Null);

        _clock.Advance(locked!.Value - TimeSpan.FromMilliseconds(1));
        Assert.That(await LockedOutForAsync(Owner, options), Is.EqualTo(TimeSpan.FromMilliseconds(1)), "still locked a moment before");

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(await LockedOutForAsync(Owner, options), Is.Null, "free once the oldest counted rejection has left the window");
    }

    [Test]
    public async Task AStrangersRejections_DoNotLockOutTheOwner()
    {
        var options = Limits(perClient: 5, perLogin: 20);
        await RejectAsync(Stranger, options, times: 5);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await LockedOutForAsync(Stranger, options), Is.Not.Null, "the stranger is locked out");
            Assert.That(await LockedOutForAsync(Owner, options), Is.Null, "the owner, at another address, is not");
        }
    }

    [Test]
    public async Task ManyAddressesTogether_ReachThePerLoginCeiling_AndLockOutEveryone()
    {
        var options = Limits(perClient: 5, perLogin: 8);
        await RejectAsync("192.0.2.1", options, times: 4);
        Assert.That(await LockedOutForAsync(Owner, options), Is.Null, "7 of 8: not yet");
        await RejectAsync("192.0.2.2", options, times: 3);
        Assert.That(await LockedOutForAsync(Owner, options), Is.Null, "7 of 8: not yet");

        await RejectAsync("192.0.2.3", options, times: 1);

        Assert.That(await LockedOutForAsync(Owner, options), Is.Not.Null, "8 of 8 across addresses: everyone waits");
    }

    [Test]
    public async Task TheOwnersSuccess_ClearsOnlyTheOwnersCount()
    {
        var options = Limits(perClient: 2, perLogin: 20);
        await RejectAsync(Owner, options, times: 1);
        await RejectAsync(Stranger, options, times: 2);

        await using (var context = SqliteDatabase.CreateContext(_connectionString))
        {
            await new DatabaseLoginLockout(context, Options.Create(options), _clock)
                .ResetAsync(Login, Owner, CancellationToken.None);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await SqliteDatabase.ScalarAsync(_connectionString, $"SELECT COUNT(*) FROM login_failures WHERE client = '{Owner}'"), Is.Zero);
            Assert.That(await LockedOutForAsync(Stranger, options), Is.Not.Null, "the stranger's guesses still count");
        }
    }

    [Test]
    public async Task MaxFailuresZero_TurnsTheLockoutOff_AndRecordsNothing()
    {
        var off = Limits(perClient: 0);
        await RejectAsync(Owner, off, times: 30);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await LockedOutForAsync(Owner, off), Is.Null);
            Assert.That(await SqliteDatabase.ScalarAsync(_connectionString, "SELECT COUNT(*) FROM login_failures"), Is.Zero);
        }
    }

    [Test]
    public async Task TheLargestLimits_CostNoMoreThanTheSmallest()
    {
        // MaxFailures once allocated a list of its own size per request: 10^8 was 800 MB. Now a
        // check reads one timestamp whatever the limit; the options refuse more than 1000.
        var options = Limits(perClient: LockoutOptions.MaxCount, perLogin: LockoutOptions.MaxCount);
        await RejectAsync(Owner, options, times: 3);
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(await LockedOutForAsync(Owner, options), Is.Null);

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(2_000_000));
    }

    [TestCase(-1, 20, 15)]
    [TestCase(1001, 1001, 15)]
    [TestCase(5, 4, 15)]
    [TestCase(5, 1001, 15)]
    [TestCase(5, 20, 0)]
    [TestCase(5, 20, 1441)]
    [TestCase(100_000_000, 100_000_000, 15)]
    public void OutOfRangeSettings_AreRefused(int perClient, int perLogin, int windowMinutes)
    {
        var result = new LockoutOptionsValidator().Validate(null, Limits(perClient, perLogin, windowMinutes));

        Assert.That(result.Failed, Is.True);
    }

    [TestCase(0, 0, 15)]
    [TestCase(1, 1, 1)]
    [TestCase(5, 20, 15)]
    [TestCase(1000, 1000, 1440)]
    public void InRangeSettings_AreAccepted(int perClient, int perLogin, int windowMinutes)
    {
        var result = new LockoutOptionsValidator().Validate(null, Limits(perClient, perLogin, windowMinutes));

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }
}
