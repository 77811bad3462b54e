using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.WebApi.FunctionalTests.Infrastructure;
using AccountRegistry.WebApi.FunctionalTests.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AccountRegistry.WebApi.FunctionalTests.Maintenance;

/// <summary>
/// <c>import-legacy</c> as an operator runs it (the built service), on a legacy SQLite database made by
/// Python: its tokens come from python3-cryptography's own <c>Fernet</c>/<c>MultiFernet</c>.
/// </summary>
public sealed class ImportLegacyCommandTests : ServiceProcessTest
{
    // Three Fernet keys: the original system's current one, an older one it still held, and one never configured here.
    private const string CurrentKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string OlderKey = "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8=";
    private const string UnknownKey = "4OHi4-Tl5ufo6err7O3u7_Dx8vP09fb3-Pn6-_z9_v8=";
    private const string UnicodePassword = "Pässwörd ✓ 東京";

    // The original system's table, as its SQLAlchemy model created it (README, "import-legacy").
    private const string BuildLegacyDatabase = """
        import json, sqlite3, sys
        from cryptography.fernet import Fernet, MultiFernet
        spec = json.load(sys.stdin)
        db = sqlite3.connect(spec["path"])
        db.execute('''CREATE TABLE accounts (
            id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, broker VARCHAR(100) NOT NULL,
            login INTEGER NOT NULL UNIQUE, password_encrypted TEXT NOT NULL, server VARCHAR(200) NOT NULL,
            is_live BOOLEAN NOT NULL, is_active BOOLEAN NOT NULL, allowed_symbols JSON NOT NULL,
            max_lot_size FLOAT NOT NULL, risk_pct FLOAT NOT NULL, auto_trade_enabled BOOLEAN NOT NULL,
            paper_trade_enabled BOOLEAN NOT NULL, mt5_path VARCHAR(500), account_type VARCHAR(3) NOT NULL,
            created_at DATETIME NOT NULL)''')
        for row in spec["rows"]:
            # MultiFernet encrypts with its first key, as the original system did with its current one.
            token = MultiFernet([Fernet(key) for key in row["keys"]]).encrypt(row["password"].encode("utf-8")).decode("ascii")
            db.execute(
                "INSERT INTO accounts (name, broker, login, password_encrypted, server, is_live, is_active, allowed_symbols,"
                " max_lot_size, risk_pct, auto_trade_enabled, paper_trade_enabled, mt5_path, account_type, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row["name"], "Legacy Broker", row["login"], token, row["server"], 0, row["is_active"], json.dumps(row["symbols"]),
                 0.5, row["risk_pct"], 1, row["paper"], "", "USD", row["created_at"]))
        db.commit()
        db.close()
        """;

    private static readonly string[] Secrets = [TestAccounts.AnyLoginPassword, "Legacy-Password-1", "Legacy-Password-2", "Legacy-Password-3",
        "Legacy-Password-5", UnicodePassword, CurrentKey, OlderKey, UnknownKey, AccountRegistryFactory.EncryptionKey];

    private static Dictionary<string, string> FernetKeys => new()
    {
        ["Legacy__FernetKeys__0"] = CurrentKey,
        ["Legacy__FernetKeys__1"] = OlderKey,
    };

    [Test]
    public async Task ImportLegacy_ResealsWhatOpens_SkipsRegisteredLogins_ReportsTheRest_DryRunChangesNothing_AndASecondRunImportsNothing()
    {
        await using (var service = await ServiceProcess.StartAsync(DataDirectory))
        {
            using var created = await service.Client.PostJsonAsync(Requests.ForLogin(9100004));
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var legacy = await CreateLegacyDatabaseAsync(
            Row(9100001, "Legacy-Password-1", [CurrentKey], symbols: ["EURUSD", "GBPUSD"]),
            Row(9100002, "Legacy-Password-2", [OlderKey]),
            Row(9100003, "Legacy-Password-3", [UnknownKey]),
            Row(9100004, "Legacy-Password-4", [CurrentKey]),
            Row(9100005, "Legacy-Password-5", [CurrentKey], riskPct: 2.0),
            Row(9100006, UnicodePassword, [CurrentKey], isActive: 0, paper: 1, server: "Legacy-Ünicode"));
        var legacyBefore = await File.ReadAllBytesAsync(legacy);

        var dryRun = await ServiceProcess.RunAsync(DataDirectory, FernetKeys, "import-legacy", "--source", legacy, "--dry-run");
        var afterDryRun = await StoredAsync();
        var first = await ServiceProcess.RunAsync(DataDirectory, FernetKeys, "import-legacy", "--source", legacy);
        var second = await ServiceProcess.RunAsync(DataDirectory, FernetKeys, "import-legacy", "--source", legacy);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dryRun.ExitCode, Is.EqualTo(1), dryRun.Output);
            Assert.That(dryRun.Output, Does.Contain("Dry run: 3 accounts would be imported; nothing was changed."));
            Assert.That(afterDryRun.Keys, Is.EquivalentTo(new[] { 9100004L }), "the dry run stored nothing");

            Assert.That(first.ExitCode, Is.EqualTo(1), first.Output);
            Assert.That(first.Output, Does.Contain("Imported 3 accounts."));
            Assert.That(first.Output, Does.Contain("Row 3 (login 9100003): no Legacy:FernetKeys key opens its password_encrypted; not imported."));
            Assert.That(first.Output, Does.Contain("Row 4 (login 9100004): already registered; skipped."));
            Assert.That(first.Output, Does.Contain("Row 5 (login 9100005): risk_pct:").And.Contain("not imported."));
            Assert.That(first.Output, Does.Contain("Skipped 1 rows whose login is registered already."));
            Assert.That(first.Output, Does.Contain("2 rows could not be imported: 1 whose password no Legacy:FernetKeys key opens, 1 that break the register rules."));

            Assert.That(second.ExitCode, Is.EqualTo(1), second.Output);
            Assert.That(second.Output, Does.Contain("Imported 0 accounts."));
            Assert.That(second.Output, Does.Contain("Skipped 4 rows whose login is registered already."));

            foreach (var output in new[] { dryRun.Output, first.Output, second.Output })
            {
                Assert.That(Secrets.Where(output.Contains), Is.Empty, "no password and no key in the output");
            }

            Assert.That(await File.ReadAllBytesAsync(legacy), Is.EqualTo(legacyBefore), "the legacy database is only read");
        }

        var stored = await StoredAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.Keys, Is.EquivalentTo(new[] { 9100001L, 9100002L, 9100004L, 9100006L }));
            Assert.That(stored[9100001].Password, Is.EqualTo("Legacy-Password-1"));
            Assert.That(stored[9100002].Password, Is.EqualTo("Legacy-Password-2"), "opened with the second key, as MultiFernet");
            Assert.That(stored[9100004].Password, Is.EqualTo(TestAccounts.AnyLoginPassword), "the registered account is left as it was");
            Assert.That(stored[9100006].Password, Is.EqualTo(UnicodePassword));
            Assert.That(stored.Values.Select(a => a.Stored), Has.All.StartWith($"v2:{AccountRegistryFactory.EncryptionKeyId}:"), "sealed under the active key");
            Assert.That(stored[9100001].Account["allowed_symbols"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "EURUSD", "GBPUSD" }));
            Assert.That(stored[9100001].Account["created_at"]!.GetValue<string>(), Is.EqualTo("2025-05-16T14:30:00Z"));
            Assert.That(stored[9100001].Account["max_lot_size"]!.GetValue<decimal>(), Is.EqualTo(0.5m));
            Assert.That(stored[9100006].Account["is_active"]!.GetValue<bool>(), Is.False);
            Assert.That(stored[9100006].Account["paper_trade_enabled"]!.GetValue<bool>(), Is.True);
            Assert.That(stored[9100006].Account["server"]!.GetValue<string>(), Is.EqualTo("Legacy-Ünicode"));
        }
    }

    [Test]
    public async Task ImportLegacy_WithoutAFernetKey_OrWithASourceThatDoesNotOpen_ExitsOneAndSaysWhy_WithoutTheConnectionString()
    {
        var legacy = await CreateLegacyDatabaseAsync(Row(9200001, "Legacy-Password-1", [CurrentKey]));
        const string ConnectionPassword = "Conn-Secret-Password-9";

        var noKey = await ServiceProcess.RunAsync(DataDirectory, null, "import-legacy", "--source", legacy);
        var badKey = await ServiceProcess.RunAsync(DataDirectory, new Dictionary<string, string> { ["Legacy__FernetKeys__0"] = "not-a-key" }, "import-legacy", "--source", legacy);
        var noFile = await ServiceProcess.RunAsync(DataDirectory, FernetKeys, "import-legacy", "--source", Path.Combine(DataDirectory, "missing.db"));
        var sqlServer = await ServiceProcess.RunAsync(DataDirectory, FernetKeys, "import-legacy", "--source",
            $"Server=127.0.0.1,1;Database=Legacy;User Id=legacy;Password={ConnectionPassword};Connect Timeout=2;ConnectRetryCount=0");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(noKey.ExitCode, Is.EqualTo(1), noKey.Output);
            Assert.That(noKey.Output, Does.Contain("No Fernet key is configured"));
            Assert.That(badKey.ExitCode, Is.EqualTo(1), badKey.Output);
            Assert.That(badKey.Output, Does.Contain("Legacy:FernetKeys:0 is not a Fernet key").And.Not.Contain("not-a-key"));
            Assert.That(noFile.ExitCode, Is.EqualTo(1), noFile.Output);
            Assert.That(noFile.Output, Does.Contain("--source names no file, and is not a SQL Server connection string."));
            Assert.That(File.Exists(Path.Combine(DataDirectory, "missing.db")), Is.False, "no file is created");
            Assert.That(sqlServer.ExitCode, Is.EqualTo(1), sqlServer.Output);
            Assert.That(sqlServer.Output, Does.Contain("import-legacy: The legacy database could not be opened"));
            Assert.That(sqlServer.Output, Does.Not.Contain(ConnectionPassword));
            Assert.That(await StoredAsync(), Is.Empty);
        }
    }

    private static JsonObject Row(
        long login, string password, string[] keys, string[]? symbols = null, double riskPct = 0.02, int isActive = 1, int paper = 0,
        string server = "Legacy-Demo") => new()
        {
            ["login"] = login,
            ["name"] = $"Legacy {login}",
            ["password"] = password,
            ["keys"] = new JsonArray(keys.Select(k => (JsonNode)k).ToArray()),
            ["server"] = server,
            ["symbols"] = new JsonArray((symbols ?? []).Select(s => (JsonNode)s).ToArray()),
            ["risk_pct"] = riskPct,
            ["is_active"] = isActive,
            ["paper"] = paper,
            ["created_at"] = "2025-05-16 14:30:00.000000",
        };

    private async Task<string> CreateLegacyDatabaseAsync(params JsonObject[] rows)
    {
        var path = Path.Combine(DataDirectory, $"legacy-{Guid.NewGuid():N}.db");
        await Python.RunAsync(new JsonObject { ["path"] = path, ["rows"] = new JsonArray(rows) }.ToJsonString(), "-c", BuildLegacyDatabase);
        return path;
    }

    /// <summary>The service's accounts by login: each as the API shows it, its stored ciphertext, and its password opened with the service's key.</summary>
    private async Task<Dictionary<long, (JsonObject Account, string Stored, string Password)>> StoredAsync()
    {
        // The service process runs in Production; the test host reads Production's file.
        await using var factory = new AccountRegistryFactory(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = DataDirectory,
            ["ConnectionStrings:AccountRegistry"] = ServiceProcess.ConnectionString(DataDirectory),
        });
        using var client = factory.CreateClient();
        using var list = await client.GetAsync(Requests.AccountsPath + "?limit=1000");
        var shown = (await list.ReadJsonAsync()).AsArray().Select(a => a!.AsObject()).ToDictionary(a => (long)a["login"]!);
        await using var scope = factory.Services.CreateAsyncScope();
        var protector = scope.ServiceProvider.GetRequiredService<IPasswordProtector>();
        var accounts = await scope.ServiceProvider.GetRequiredService<AccountRegistryDbContext>().Accounts.AsNoTracking().ToListAsync();
        return accounts.ToDictionary(
            a => a.Login,
            a => (shown[a.Login], a.EncryptedPassword.Value, OpenOrFail(protector, a)));

        static string OpenOrFail(IPasswordProtector protector, Domain.Accounts.Account account)
        {
            try
            {
                return protector.Unprotect(account.EncryptedPassword, account.Login, account.Server).Reveal();
            }
            catch (CryptographicException exception)
            {
                return $"(does not open: {exception.Message})";
            }
        }
    }
}
