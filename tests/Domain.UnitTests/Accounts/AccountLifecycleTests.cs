using AccountRegistry.Domain.Accounts;
using AccountRegistry.Domain.Common;
using AccountRegistry.Domain.Mt5;

namespace AccountRegistry.Domain.UnitTests.Accounts;

public sealed class AccountLifecycleTests
{
    private static readonly AuditActor Actor = new("key:frontend|address:10.0.0.7", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    private static readonly EncryptedPassword Sealed = new("v2:key-1:c2VhbGVk");
    private static readonly DateTimeOffset RegisteredAt = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = RegisteredAt.AddHours(3);

    private static readonly Mt5AccountSnapshot Reported = new(
        12345678, "MetaQuotes-Demo", "MetaQuotes Ltd.", "USD", Mt5TradeMode.Demo, TradeAllowed: true, ["EURUSD", "GBPUSD", "XAUUSD"]);

    private static AccountDetails Details() => new(
        "Live Trading Account", "MetaQuotes", 12345678, "MetaQuotes-Demo", false, ["EURUSD", "GBPUSD"],
        0.1m, 0.01m, true, string.Empty, AccountType.USD);

    private static Account Registered() => Account.Register(Details(), Sealed, Reported, Actor, RegisteredAt);

    [Test]
    public void Register_WithWhatMt5Reported_IsVerified_KeepsTheFacts_AndRecordsTheRegistration()
    {
        var account = Registered();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Version, Is.EqualTo(1));
            Assert.That(account.VerificationStatus, Is.EqualTo(VerificationStatus.Verified));
            Assert.That(account.CheckedAt, Is.EqualTo(RegisteredAt.UtcDateTime));
            Assert.That(account.VerifiedAt, Is.EqualTo(RegisteredAt.UtcDateTime));
            Assert.That(account.VerificationDetail, Is.Null);
            Assert.That(account.Mt5!.Company, Is.EqualTo("MetaQuotes Ltd."));
            Assert.That(account.Mt5.Symbols, Is.EqualTo(new[] { "EURUSD", "GBPUSD", "XAUUSD" }));
            Assert.That(account.PendingEvents.Select(e => (e.Type, e.Actor, e.TraceId, e.At)),
                Is.EqualTo(new[] { (AccountEventType.Registered, Actor.Id, Actor.TraceId, RegisteredAt.UtcDateTime) }));
        }
    }

    [Test]
    public void Register_WithoutWhatMt5Reported_IsUnverified_AndHasNoFacts()
    {
        var account = Account.Register(Details(), Sealed, RegisteredAt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.VerificationStatus, Is.EqualTo(VerificationStatus.Unverified));
            Assert.That(account.CheckedAt, Is.Null);
            Assert.That(account.Mt5, Is.Null);
            Assert.That(account.Version, Is.EqualTo(1));
        }
    }

    [Test]
    public void Register_RefusesWhatMt5ReportedForAnotherLogin()
    {
        var other = Reported with { Login = 87654321 };

        Assert.That(() => Account.Register(Details(), Sealed, other, Actor, RegisteredAt), Throws.TypeOf<DomainRuleViolationException>());
    }

    [Test]
    public void Change_AppliesOnlyTheGivenFields_NamesThoseThatChanged_AndCountsAVersion()
    {
        var account = Registered();
        account.ClearPendingEvents();

        var changed = account.Change(
            new AccountChanges { Name = "Renamed", MaxLotSize = 0.5m, IsActive = false, Broker = "MetaQuotes", PaperTradeEnabled = false },
            Actor,
            Later);

        using (Assert.EnterMultipleScope())
        {
            // The broker and paper trading were given with the values they had: not changes.
            Assert.That(changed, Is.EqualTo(new[] { AccountFields.Name, AccountFields.MaxLotSize, AccountFields.IsActive }));
            Assert.That(account.Name, Is.EqualTo("Renamed"));
            Assert.That(account.MaxLotSize, Is.EqualTo(0.5m));
            Assert.That(account.IsActive, Is.False);
            Assert.That(account.RiskPct, Is.EqualTo(0.01m));
            Assert.That(account.AllowedSymbols, Is.EqualTo(new[] { "EURUSD", "GBPUSD" }));
            Assert.That(account.Version, Is.EqualTo(2));
            Assert.That(account.PendingEvents, Has.Count.EqualTo(1));
            Assert.That(account.PendingEvents[0].Type, Is.EqualTo(AccountEventType.Updated));
            Assert.That(account.PendingEvents[0].Changes, Is.EqualTo(new[]
            {
                new FieldChange(AccountFields.Name, "\"Live Trading Account\"", "\"Renamed\""),
                new FieldChange(AccountFields.MaxLotSize, "0.1", "0.5"),
                new FieldChange(AccountFields.IsActive, "true", "false"),
            }));
        }
    }

    [Test]
    public void Change_RecordsListsAndLiteralsAsTheApiWritesThem()
    {
        var account = Registered();
        account.ClearPendingEvents();

        account.Change(new AccountChanges { AllowedSymbols = ["XAUUSD"], AccountType = AccountType.USC, RiskPct = 0.0200m }, Actor, Later);

        Assert.That(account.PendingEvents.Single().Changes, Is.EqualTo(new[]
        {
            new FieldChange(AccountFields.AllowedSymbols, "[\"EURUSD\",\"GBPUSD\"]", "[\"XAUUSD\"]"),
            new FieldChange(AccountFields.RiskPct, "0.01", "0.02"),
            new FieldChange(AccountFields.AccountType, "\"USD\"", "\"USC\""),
        }));
    }

    [Test]
    public void Change_ThatChangesNothing_KeepsTheVersion_AndRecordsNothing()
    {
        var account = Registered();
        account.ClearPendingEvents();

        var changed = account.Change(new AccountChanges { Name = account.Name, AllowedSymbols = ["EURUSD", "GBPUSD"] }, Actor, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(changed, Is.Empty);
            Assert.That(account.Version, Is.EqualTo(1));
            Assert.That(account.PendingEvents, Is.Empty);
        }
    }

    [Test]
    public void Change_WithOneBadValue_ChangesNothingAtAll()
    {
        var account = Registered();

        Assert.That(
            () => account.Change(new AccountChanges { Name = "Renamed", RiskPct = 1.5m }, Actor, Later),
            Throws.TypeOf<DomainRuleViolationException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.Name, Is.EqualTo("Live Trading Account"));
            Assert.That(account.Version, Is.EqualTo(1));
        }
    }

    [TestCase("EURUSD", "eurusd")]
    [TestCase("", "EURUSD")]
    public void Change_RefusesSymbolsThatRepeatOrAreEmpty(string first, string second)
    {
        var account = Registered();

        Assert.That(
            () => account.Change(new AccountChanges { AllowedSymbols = [first, second] }, Actor, Later),
            Throws.TypeOf<DomainRuleViolationException>());
    }

    [Test]
    public void ChangePassword_ReplacesTheCiphertext_CountsAVersion_AndRecordsItWithoutThePassword()
    {
        var account = Registered();
        account.ClearPendingEvents();
        var resealed = new EncryptedPassword("v2:key-1:bmV3");

        account.ChangePassword(resealed, Reported with { TradeAllowed = false }, Actor, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.EncryptedPassword, Is.SameAs(resealed));
            Assert.That(account.Version, Is.EqualTo(2));
            Assert.That(account.VerifiedAt, Is.EqualTo(Later.UtcDateTime));
            Assert.That(account.Mt5!.TradeAllowed, Is.False);
            Assert.That(account.PendingEvents.Single().Type, Is.EqualTo(AccountEventType.PasswordChanged));
            Assert.That(account.PendingEvents.Single().Changes, Is.Empty);
        }
    }

    [Test]
    public void RecordRejected_KeepsTheLastKnownFacts_AndWhen()
    {
        var account = Registered();

        account.RecordRejected("MT5 rejected the credentials", Actor, Later);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.VerificationStatus, Is.EqualTo(VerificationStatus.Rejected));
            Assert.That(account.CheckedAt, Is.EqualTo(Later.UtcDateTime));
            Assert.That(account.VerifiedAt, Is.EqualTo(RegisteredAt.UtcDateTime));
            Assert.That(account.VerificationDetail, Is.EqualTo("MT5 rejected the credentials"));
            Assert.That(account.Mt5!.Company, Is.EqualTo("MetaQuotes Ltd."));
            Assert.That(account.Version, Is.EqualTo(1), "a check changes nothing a client writes");
            Assert.That(account.PendingEvents[^1].Type, Is.EqualTo(AccountEventType.VerificationRejected));
        }
    }

    [Test]
    public void RecordVerified_AfterARejection_ClearsTheDetail_AndTakesTheNewFacts()
    {
        var account = Registered();
        account.RecordRejected(new string('x', 2000), Actor, Later);
        Assert.That(account.VerificationDetail, Has.Length.EqualTo(Account.VerificationDetailMaxLength));

        account.RecordVerified(Reported with { Currency = "USC" }, Actor, Later.AddMinutes(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(account.VerificationStatus, Is.EqualTo(VerificationStatus.Verified));
            Assert.That(account.VerificationDetail, Is.Null);
            Assert.That(account.Mt5!.Currency, Is.EqualTo("USC"));
            Assert.That(account.PendingEvents[^1].Type, Is.EqualTo(AccountEventType.Verified));
        }
    }

    [Test]
    public void Events_KeepAnActorOfBoundedLength()
    {
        var account = Account.Register(Details(), Sealed, Reported, new AuditActor(new string('a', 1000), new string('b', 1000)), RegisteredAt);

        Assert.That(account.PendingEvents.Single().Actor, Has.Length.EqualTo(AuditActor.MaxLength));
        Assert.That(account.PendingEvents.Single().TraceId, Has.Length.EqualTo(AuditActor.MaxLength));
    }

    [Test]
    public void Mt5Facts_GiveBackTheSnapshotTheConsistencyCheckReads()
    {
        var account = Registered();

        Assert.That(account.Mt5!.ToSnapshot(account.Login, account.Server), Is.EqualTo(Reported).Using<Mt5AccountSnapshot>(
            (a, b) => a.Login == b.Login && a.Server == b.Server && a.Company == b.Company && a.Currency == b.Currency
                && a.TradeMode == b.TradeMode && a.TradeAllowed == b.TradeAllowed && a.Symbols.SequenceEqual(b.Symbols)));
    }
}
