using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Application.Maintenance.ReencryptPasswords;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.Infrastructure.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.IntegrationTests.Security;

/// <summary>Key rotation: every stored password re-sealed under the active key, in batches, re-runnable.</summary>
public sealed class PasswordReencryptionTests
{
    private static readonly string OldKey = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string NewKey = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());

    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("reencrypt-").FullName;

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Reencrypt_ResealsEveryPasswordUnderTheActiveKey_InBatches_AndIsSafeToRunAgain()
    {
        var passwords = Enumerable.Range(1, 5).ToDictionary(i => 6600000L + i, i => $"Password-{i}");
        await using (var before = Services("old", ("old", OldKey)))
        {
            await before.InitializeDatabaseAsync();
            await using var scope = before.CreateAsyncScope();
            var repository = scope.ServiceProvider.GetRequiredService<IAccountRepository>();
            var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();
            foreach (var (login, password) in passwords)
            {
                await repository.AddAsync(Account.Register(
                    new AccountDetails($"Bot {login}", "Broker", login, "Server", false, [], 0.1m, 0.01m, true, "", AccountType.USD),
                    protector.Protect(new Password(password), login, "Server"),
                    DateTimeOffset.UtcNow), CancellationToken.None);
            }
        }

        await using var after = Services("new", ("old", OldKey), ("new", NewKey));
        var first = await ReencryptAsync(after, batchSize: 2);
        var second = await ReencryptAsync(after, batchSize: 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Reencrypted, Is.EqualTo(5));
            Assert.That(first.Failed, Is.Empty);
            Assert.That(second.Reencrypted, Is.Zero, "a second run finds nothing left to do");
            Assert.That(second.Failed, Is.Empty);
        }

        // With only the new key, every password still opens: the old key can be retired.
        await using var retired = Services("new", ("new", NewKey));
        await using var check = retired.CreateAsyncScope();
        var accounts = await check.ServiceProvider.GetRequiredService<AccountRegistryDbContext>().Accounts.AsNoTracking().ToListAsync();
        var newProtector = check.ServiceProvider.GetRequiredService<IPasswordProtector>();
        Assert.That(accounts, Has.Count.EqualTo(5));
        foreach (var account in accounts)
        {
            Assert.That(account.EncryptedPassword.Value, Does.StartWith("v2:new:"));
            Assert.That(newProtector.Unprotect(account.EncryptedPassword, account.Login, account.Server).Reveal(), Is.EqualTo(passwords[account.Login]));
        }
    }

    [Test]
    public async Task Reencrypt_UpgradesV1RowsAndRowsUnderAnOldKey_AndReportsEveryRowThatDoesNotOpen_WithoutStopping()
    {
        // A v1 row under the key that stays active: only its format is old (the known answer of
        // AesGcmPasswordProtectorKnownAnswerTests, bound to login 51234567).
        const string katKeyId = "kat-2026";
        const string katKey = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";
        const string katV1 = "kat-2026:AQIDBAUGBwgJCgsM8lhhVE8JxzU9hMd6hylx0p7Wxvcn/HLRh1dycRmS6Z8sXjra";
        const string katPassword = "Tr4de-p@ss wörd ✓";
        var rows = new List<(long Login, string Server, string Stored)> { (51234567, "MetaQuotes-Demo", katV1) };
        await using (var old = Services("old", ("old", OldKey)))
        {
            var protector = old.GetRequiredService<IPasswordProtector>();
            var underOldKey = protector.Protect(new Password("Password-1"), 6600001, "Server").Value;
            var tampered = Convert.FromBase64String(protector.Protect(new Password("Password-3"), 6600003, "Server").Value["v2:old:".Length..]);
            tampered[^1] ^= 0x01;
            rows.Add((6600001, "Server", underOldKey));
            rows.Add((6600002, "Server", "gone:" + underOldKey["v2:old:".Length..])); // its key is no longer configured
            rows.Add((6600003, "Server", "v2:old:" + Convert.ToBase64String(tampered)));
            // The row points at another server than the one its password was sealed for.
            rows.Add((6600004, "Server", protector.Protect(new Password("Password-4"), 6600004, "Elsewhere").Value));
        }

        await using var services = Services(katKeyId, ("old", OldKey), (katKeyId, katKey));
        rows.Add((6600005, "Server", services.GetRequiredService<IPasswordProtector>().Protect(new Password("Password-5"), 6600005, "Server").Value));
        await services.InitializeDatabaseAsync();
        await using (var scope = services.CreateAsyncScope())
        {
            var repository = scope.ServiceProvider.GetRequiredService<IAccountRepository>();
            foreach (var (login, server, stored) in rows)
            {
                await repository.AddAsync(Account.Register(
                    new AccountDetails($"Bot {login}", "Broker", login, server, false, [], 0.1m, 0.01m, true, "", AccountType.USD),
                    new EncryptedPassword(stored),
                    DateTimeOffset.UtcNow), CancellationToken.None);
            }
        }

        var first = await ReencryptAsync(services, batchSize: 2);
        var second = await ReencryptAsync(services, batchSize: 2);

        var after = await StoredAsync(services);
        long[] failedLogins = [6600002, 6600003, 6600004];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Reencrypted, Is.EqualTo(2), "the v1 row and the row under the old key");
            Assert.That(first.Failed.Select(f => f.Login), Is.EqualTo(failedLogins));
            Assert.That(first.Failed.Select(f => f.AccountId), Is.EqualTo(failedLogins.Select(login => after[login].Id)));
            Assert.That(first.Failed.Select(f => f.Reason), Has.None.Contain("Password-").And.None.Contain(OldKey).And.None.Contain(katKey));
            Assert.That(second.Reencrypted, Is.Zero, "a second run upgrades nothing more");
            Assert.That(second.Failed.Select(f => f.Login), Is.EqualTo(failedLogins), "and still reports what does not open");
            foreach (var (login, _, stored) in rows.Where(row => failedLogins.Contains(row.Login) || row.Login == 6600005))
            {
                Assert.That(after[login].EncryptedPassword.Value, Is.EqualTo(stored), $"login {login} is left as it was");
            }
        }

        // The upgraded rows are v2 under the active key, and open with it alone.
        await using var retired = Services(katKeyId, (katKeyId, katKey));
        var protectorWithoutOld = retired.GetRequiredService<IPasswordProtector>();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (login, password) in new[] { (51234567L, katPassword), (6600001L, "Password-1"), (6600005L, "Password-5") })
            {
                var account = after[login];
                Assert.That(account.EncryptedPassword.Value, Does.StartWith("v2:kat-2026:"));
                Assert.That(protectorWithoutOld.Unprotect(account.EncryptedPassword, login, account.Server).Reveal(), Is.EqualTo(password));
            }
        }
    }

    /// <summary>The <c>reencrypt-passwords</c> use case, on the stored passwords of these services' database.</summary>
    private static async Task<ReencryptionResult> ReencryptAsync(IServiceProvider services, int batchSize)
    {
        await using var scope = services.CreateAsyncScope();
        var handler = new ReencryptPasswordsCommandHandler(
            scope.ServiceProvider.GetRequiredService<IStoredPasswords>(), scope.ServiceProvider.GetRequiredService<IPasswordProtector>());
        return await handler.Handle(new ReencryptPasswordsCommand(batchSize), CancellationToken.None);
    }

    private static async Task<Dictionary<long, Account>> StoredAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = await scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>().Accounts.AsNoTracking().ToListAsync();
        return accounts.ToDictionary(a => a.Login);
    }

    private ServiceProvider Services(string activeKeyId, params (string Id, string Key)[] keys)
    {
        var services = new ServiceCollection();
        services.AddDbContext<AccountRegistryDbContext, SqliteAccountRegistryDbContext>(
            db => db.UseSqlite($"Data Source={Path.Combine(_folder, "accounts.db")}"));
        services.AddScoped<IAccountRepository, AccountRepository>();
        services.AddScoped<IStoredPasswords, StoredPasswords>();
        services.AddOptions<EncryptionOptions>().Configure(options =>
        {
            foreach (var (id, key) in keys)
            {
                options.Keys[id] = key;
            }

            options.ActiveKeyId = activeKeyId;
        });
        services.AddSingleton<IPasswordProtector, AesGcmPasswordProtector>();
        return services.BuildServiceProvider();
    }
}
