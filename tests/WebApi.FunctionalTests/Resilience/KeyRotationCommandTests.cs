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

    // The v1 known answer of AesGcmPasswordProtectorKnownAnswerTests (Infrastructure.IntegrationTests).
    private const string KatKey = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";
    private const string KatV1 = "kat-2026:AQIDBAUGBwgJCgsM8lhhVE8JxzU9hMd6hylx0p7Wxvcn/HLRh1dycRmS6Z8sXjra";
    private const string KatPassword = "Tr4de-p@ss wörd ✓";

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
            ["ConnectionStrings:AccountRegistry"] = ServiceProcess.ConnectionString(DataDirectory),
            [$"Encryption:Keys:{NewKeyId}"] = NewKey,
            ["Encryption:ActiveKeyId"] = NewKeyId,
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var accounts = await scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>().Accounts.AsNoTracking().ToListAsync();
        var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();
        Assert.That(accounts.Select(a => a.Login), Is.EquivalentTo(logins));
        foreach (var account in accounts)
        {
            Assert.That(account.EncryptedPassword.Value, Does.StartWith($"v2:{NewKeyId}:"));
            Assert.That(protector.Unprotect(account.EncryptedPassword, account.Login, account.Server).Reveal(), Is.EqualTo(TestAccounts.AnyLoginPassword));
        }
    }

    [Test]
    public async Task ReencryptPasswords_UpgradesWhatOpens_ReportsEachRowThatDoesNot_AndExitsNonZero()
    {
        long[] logins = [7700011, 7700012, 7700013, 7700014];
        await using (var service = await ServiceProcess.StartAsync(DataDirectory))
        {
            foreach (var login in logins)
            {
                using var created = await service.Client.PostJsonAsync(Requests.ForLogin(login));
                Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            }
        }

        // 7700012: its key is gone. 7700013: pointed at another server than its password was sealed
        // for. 7700014: a row in the first format (v1), under a key the service knows: the known
        // answer of AesGcmPasswordProtectorKnownAnswerTests, which is bound to login 51234567.
        var ids = await ExecuteAsync(
            $"UPDATE accounts SET password_encrypted = 'v2:gone:' || substr(password_encrypted, length('v2:{AccountRegistryFactory.EncryptionKeyId}:') + 1) WHERE login = 7700012",
            "UPDATE accounts SET server = 'Elsewhere-Demo' WHERE login = 7700013",
            $"UPDATE accounts SET login = 51234567, server = 'MetaQuotes-Demo', password_encrypted = '{KatV1}' WHERE login = 7700014");
        var rotated = new Dictionary<string, string>
        {
            [$"Encryption__Keys__{NewKeyId}"] = NewKey,
            ["Encryption__Keys__kat-2026"] = KatKey,
            ["Encryption__ActiveKeyId"] = NewKeyId,
        };

        var first = await ServiceProcess.RunAsync(DataDirectory, rotated, "reencrypt-passwords");
        var second = await ServiceProcess.RunAsync(DataDirectory, rotated, "reencrypt-passwords");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.ExitCode, Is.EqualTo(1), first.Output);
            Assert.That(first.Output, Does.Contain("Re-encrypted 2 passwords under the active key."));
            Assert.That(first.Output, Does.Contain($"Could not open the password of account {ids[7700012]} (login 7700012)"));
            Assert.That(first.Output, Does.Contain($"Could not open the password of account {ids[7700013]} (login 7700013)"));
            Assert.That(first.Output, Does.Contain("2 passwords could not be opened"));
            Assert.That(second.ExitCode, Is.EqualTo(1), second.Output);
            Assert.That(second.Output, Does.Contain("Re-encrypted 0 passwords under the active key."));
            Assert.That(second.Output, Does.Contain("2 passwords could not be opened"));
            Assert.That(
                first.Output + second.Output,
                Does.Not.Contain(TestAccounts.AnyLoginPassword).And.Not.Contain(KatPassword).And.Not.Contain(NewKey).And.Not.Contain(KatKey));
        }

        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = DataDirectory,
            ["ConnectionStrings:AccountRegistry"] = ServiceProcess.ConnectionString(DataDirectory),
            [$"Encryption:Keys:{NewKeyId}"] = NewKey,
            ["Encryption:ActiveKeyId"] = NewKeyId,
        });
        await using var scope = factory.Services.CreateAsyncScope();
        var accounts = (await scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>().Accounts.AsNoTracking().ToListAsync())
            .ToDictionary(a => a.Login);
        var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(protector.Unprotect(accounts[7700011].EncryptedPassword, 7700011, accounts[7700011].Server).Reveal(), Is.EqualTo(TestAccounts.AnyLoginPassword));
            Assert.That(accounts[51234567].EncryptedPassword.Value, Does.StartWith($"v2:{NewKeyId}:"), "the v1 row is upgraded");
            Assert.That(protector.Unprotect(accounts[51234567].EncryptedPassword, 51234567, "MetaQuotes-Demo").Reveal(), Is.EqualTo(KatPassword));
            Assert.That(accounts[7700012].EncryptedPassword.Value, Does.StartWith("v2:gone:"), "left as it was");
            Assert.That(accounts[7700013].EncryptedPassword.Value, Does.StartWith($"v2:{AccountRegistryFactory.EncryptionKeyId}:"), "left as it was");
        }
    }

    /// <summary>Runs the statements on the service's database file; gives each login's account id, read before them.</summary>
    private async Task<Dictionary<long, long>> ExecuteAsync(params string[] statements)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "account-registry.db")}");
        await connection.OpenAsync();
        var ids = new Dictionary<long, long>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT login, id FROM accounts";
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids[reader.GetInt64(0)] = reader.GetInt64(1);
            }
        }

        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Test-only SQL written by the test itself.
            command.CommandText = statement;
#pragma warning restore CA2100
            Assert.That(await command.ExecuteNonQueryAsync(), Is.EqualTo(1), statement);
        }

        return ids;
    }
}
