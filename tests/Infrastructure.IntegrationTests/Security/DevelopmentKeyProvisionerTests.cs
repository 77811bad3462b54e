using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Persistence;
using AccountRegistry.Infrastructure.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.IntegrationTests.Security;

[TestFixture]
public sealed class DevelopmentKeyProvisionerTests
{
    private TempDirectory _contentRoot = null!;

    private string KeyPath => _contentRoot.Combine("data", "development-encryption.key");

    [SetUp]
    public void SetUp() => _contentRoot = new TempDirectory();

    [TearDown]
    public void TearDown() => _contentRoot.Dispose();

    private DevelopmentKeyProvisioner CreateProvisioner(string environmentName, string dataDirectory = "data") => new(
        new FakeHostEnvironment(environmentName, _contentRoot.Path),
        Options.Create(new DatabaseOptions { DataDirectory = dataDirectory }),
        NullLogger<DevelopmentKeyProvisioner>.Instance);

    [Test]
    public void PostConfigure_CreatesValidKeyInDataFolder_InDevelopment()
    {
        var options = new EncryptionOptions();

        CreateProvisioner("Development").PostConfigure(Options.DefaultName, options);

        Assert.That(File.Exists(KeyPath), Is.True, "key file");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.ActiveKeyId, Is.EqualTo("dev"));
            Assert.That(options.Keys.Keys, Is.EqualTo(new[] { "dev" }));
            Assert.That(Convert.FromBase64String(options.Keys["dev"]), Has.Length.EqualTo(32));
            Assert.That(File.ReadAllText(KeyPath).Trim(), Is.EqualTo(options.Keys["dev"]));
            Assert.That(new EncryptionOptionsValidator().Validate(Options.DefaultName, options).Succeeded, Is.True);
        }
    }

    [Test]
    public void PostConfigure_CreatesKeyFileReadableByOwnerOnly_OnUnix()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix file modes do not apply on Windows.");
            return;
        }

        CreateProvisioner("Development").PostConfigure(Options.DefaultName, new EncryptionOptions());

        Assert.That(File.GetUnixFileMode(KeyPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public void PostConfigure_ReusesExistingKey_OnLaterRuns()
    {
        var first = new EncryptionOptions();
        CreateProvisioner("Development").PostConfigure(Options.DefaultName, first);
        var written = File.ReadAllText(KeyPath);

        var second = new EncryptionOptions();
        CreateProvisioner("Development").PostConfigure(Options.DefaultName, second);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.ActiveKeyId, Is.EqualTo("dev"));
            Assert.That(second.Keys["dev"], Is.EqualTo(first.Keys["dev"]));
            Assert.That(File.ReadAllText(KeyPath), Is.EqualTo(written));
        }
    }

    [Test]
    public void PostConfigure_UsesAbsoluteDataDirectory_AsGiven()
    {
        var absolute = _contentRoot.Combine("elsewhere", "keys");

        CreateProvisioner("Development", absolute).PostConfigure(Options.DefaultName, new EncryptionOptions());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.Exists(Path.Combine(absolute, "development-encryption.key")), Is.True);
            Assert.That(File.Exists(KeyPath), Is.False);
        }
    }

    [Test]
    public void PostConfigure_DoesNothing_InProduction()
    {
        var options = new EncryptionOptions();

        CreateProvisioner("Production").PostConfigure(Options.DefaultName, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Keys, Is.Empty);
            Assert.That(options.ActiveKeyId, Is.Null);
            Assert.That(Directory.Exists(_contentRoot.Combine("data")), Is.False);
        }
    }

    [Test]
    public void PostConfigure_DoesNothing_WhenKeysAlreadyConfigured()
    {
        const string configuredKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        var options = new EncryptionOptions { ActiveKeyId = "k1" };
        options.Keys["k1"] = configuredKey;

        CreateProvisioner("Development").PostConfigure(Options.DefaultName, options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.Keys, Is.EquivalentTo(new Dictionary<string, string> { ["k1"] = configuredKey }));
            Assert.That(options.ActiveKeyId, Is.EqualTo("k1"));
            Assert.That(Directory.Exists(_contentRoot.Combine("data")), Is.False);
        }
    }
}
