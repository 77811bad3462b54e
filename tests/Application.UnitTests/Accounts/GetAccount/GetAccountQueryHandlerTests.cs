using AccountRegistry.Application.Accounts;
using AccountRegistry.Application.Accounts.GetAccount;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Accounts;
using Moq;

namespace AccountRegistry.Application.UnitTests.Accounts.GetAccount;

public sealed class GetAccountQueryHandlerTests
{
    [Test]
    public void Handle_ThrowsNotFound_WhenNoAccountHasTheId()
    {
        var accounts = new Mock<IAccountRepository>();
        accounts.Setup(a => a.GetAsync(42, It.IsAny<CancellationToken>())).ReturnsAsync((AccountResponse?)null);
        var handler = new GetAccountQueryHandler(accounts.Object);

        var exception = Assert.ThrowsAsync<AccountNotFoundException>(
            async () => await handler.Handle(new GetAccountQuery(42), CancellationToken.None));

        Assert.That(exception.Message, Is.EqualTo("Account 42 not found"));
    }

    [Test]
    public async Task Handle_ReturnsTheAccount_WhenFound()
    {
        var account = Account.Register(
            new AccountDetails("Demo", "MetaQuotes", 12345678, "MetaQuotes-Demo", false, ["EURUSD"], 0.1m, 0.01m, true, string.Empty, AccountType.USD),
            new EncryptedPassword("v1:k:Y2lwaGVy"),
            new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        typeof(Account).GetProperty(nameof(Account.Id))!.SetValue(account, 42L);
        var accounts = new Mock<IAccountRepository>();
        using var cts = new CancellationTokenSource();
        accounts.Setup(a => a.GetAsync(42, cts.Token)).ReturnsAsync(account.ToResponse());
        var handler = new GetAccountQueryHandler(accounts.Object);

        var response = await handler.Handle(new GetAccountQuery(42), cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Id, Is.EqualTo(42));
            Assert.That(response.Login, Is.EqualTo(12345678));
            Assert.That(response.AllowedSymbols, Is.EqualTo(new[] { "EURUSD" }));
        }
    }
}
