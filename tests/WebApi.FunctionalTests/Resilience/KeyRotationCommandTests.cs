using System.Net;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Resilience;

/// <summary>The README's key-rotation command, run as an operator runs it: the built service with <c>reencrypt-passwords</c>.</summary>
public sealed class KeyRotationCommandTests : ServiceProcessTest
{
    private const string NewKeyId = "test-2";
    private static readonly string NewKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(255 - i)).ToArray());

    [Test]
    public async Task ReencryptPasswords_ResealsEveryPasswordUnderTheNewActiveKey_AndASecondRunChangesNothing()
    {
        long[] logins = [7700001, 7700002, 7700003];
        await using (var service = await ServiceProcess.StartAsync(DataDirectory))
        {
            foreach (var login in logins)
            {
                using var created = await service.Client.PostJsonAsync(Requests.ForLogin(login));
                Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }
        }

        // The new key is added and made active; the old one stays until every row is re-sealed.
        var rotated = new Dictionary<string, string>
        {
            [$"Encryption__Keys__{NewKeyId}"] = NewKey,
            ["Encryption__ActiveKeyId"] = NewKeyId,
        };
        var first = await ServiceProcess.RunAsync(DataDirectory, rotated, "reencrypt-passwords");
        var second = await ServiceProcess.RunAsync(DataDirectory, rotated, "reencrypt-passwords");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.ExitCode, Is.Zero, first.Output);
            Assert.That(first.Output, Does.Contain("Re-encrypted 3 passwords under the active key."));
            Assert.That(second.ExitCode, Is.Zero, second.Output);
            Assert.That(second.Output, Does.Contain("Re-encrypted 0 passwords under the active key."));
            Assert.That(first.Output + second.Output, Does.Not.Contain(TestAccounts.AnyLoginPassword).And.Not.Contain(NewKey));
        }

        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = DataDirectory,
            [$"Encryption:Keys:{NewKeyId}"] = NewKey,
            ["Encryption:ActiveKeyId"] = NewKeyId,
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var accounts = await scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>().Accounts.AsNoTracking().ToListAsync();
        var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();
        Assert.That(accounts.Select(a => a.Login), Is.EquivalentTo(logins));
        foreach (var account in accounts)
        {
            Assert.That(account.EncryptedPassword.Value, Does.StartWith($"{NewKeyId}:"));
            Assert.That(protector.Unprotect(account.EncryptedPassword, account.Login).Reveal(), Is.EqualTo(TestAccounts.AnyLoginPassword));
        }
    }
}
