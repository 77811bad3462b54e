using AccountRegistry.Application.Common.Interfaces;
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
                    protector.Protect(new Password(password), login),
                    DateTimeOffset.UtcNow), CancellationToken.None);
            }
        }

        await using var after = Services("new", ("old", OldKey), ("new", NewKey));
        var first = await after.ReencryptPasswordsAsync(batchSize: 2);
        var second = await after.ReencryptPasswordsAsync(batchSize: 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(5));
            Assert.That(second, Is.Zero, "a second run finds nothing left to do");
        }

        // With only the new key, every password still opens: the old key can be retired.
        await using var retired = Services("new", ("new", NewKey));
        await using var check = retired.CreateAsyncScope();
        var accounts = await check.ServiceProvider.GetRequiredService<AccountRegistryDbContext>().Accounts.AsNoTracking().ToListAsync();
        var newProtector = check.ServiceProvider.GetRequiredService<IPasswordProtector>();
        Assert.That(accounts, Has.Count.EqualTo(5));
        foreach (var account in accounts)
        {
            Assert.That(account.EncryptedPassword.Value, Does.StartWith("new:"));
            Assert.That(newProtector.Unprotect(account.EncryptedPassword, account.Login).Reveal(), Is.EqualTo(passwords[account.Login]));
        }
    }

    private ServiceProvider Services(string activeKeyId, params (string Id, string Key)[] keys)
    {
        var services = new ServiceCollection();
        services.AddDbContext<AccountRegistryDbContext, SqliteAccountRegistryDbContext>(
            db => db.UseSqlite($"Data Source={Path.Combine(_folder, "accounts.db")}"));
        services.AddScoped<IAccountRepository, AccountRepository>();
        services.AddSingleton<DatabaseWriteGate, SingleWriterGate>();
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
