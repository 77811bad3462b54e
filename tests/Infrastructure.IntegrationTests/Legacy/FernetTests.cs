using System.Reflection;
using System.Text;
using System.Text.Json;
using AccountRegistry.Infrastructure.Legacy;

namespace AccountRegistry.Infrastructure.IntegrationTests.Legacy;

/// <summary>
/// Fernet against the spec's own vectors, read unchanged from <c>../shared/vectors/fernet</c>. Every
/// token is decrypted without a TTL, as stored passwords are; the two invalid cases that need a TTL
/// (README there: "expired TTL", "far-future TS") open without one, as in Python's <c>Fernet.decrypt</c>.
/// </summary>
public sealed class FernetTests
{
    private const string OtherKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // bytes 0..31

    private static readonly string[] TtlOnlyCases = ["expired TTL", "far-future TS (unacceptable clock skew)"];

    [TestCaseSource(nameof(Generate))]
    [TestCaseSource(nameof(Verify))]
    public void Decrypt_OpensTheSpecsTokens(string token, string secret, string plaintext)
    {
        Assert.That(Ring(secret).TryDecrypt(token, out var opened), Is.True);
        Assert.That(Encoding.UTF8.GetString(opened!), Is.EqualTo(plaintext));
    }

    [TestCaseSource(nameof(Invalid))]
    public void Decrypt_RefusesTheSpecsInvalidTokens_ExceptThoseThatNeedATtl(string description, string token, string secret)
    {
        var opened = Ring(secret).TryDecrypt(token, out var plaintext);

        if (TtlOnlyCases.Contains(description))
        {
            // Without a TTL the timestamp is not checked: Python's Fernet(secret).decrypt(token) gives b"".
            Assert.That(opened, Is.True, description);
            Assert.That(plaintext, Is.Empty);
        }
        else
        {
            Assert.That(opened, Is.False, description);
        }
    }

    [Test]
    public void Invalid_HoldsBothCasesThatNeedATtl() =>
        Assert.That(Invalid().Select(c => (string)c.Arguments[0]!), Is.SupersetOf(TtlOnlyCases));

    [Test]
    public void Decrypt_TriesEachKeyInOrder_AsMultiFernet()
    {
        var vector = Generate().First();
        var (token, secret, plaintext) = ((string)vector.Arguments[0]!, (string)vector.Arguments[1]!, (string)vector.Arguments[2]!);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Ring(OtherKey, secret).TryDecrypt(token, out var second), Is.True, "the second key opens it");
            Assert.That(Encoding.UTF8.GetString(second!), Is.EqualTo(plaintext));
            Assert.That(Ring(secret, OtherKey).TryDecrypt(token, out _), Is.True);
            Assert.That(Ring(OtherKey).TryDecrypt(token, out _), Is.False, "no key opens it");
            Assert.That(Ring().TryDecrypt(token, out _), Is.False);
        }
    }

    [Test]
    public void Decrypt_RefusesATokenAlteredAnywhere()
    {
        var vector = Generate().First();
        var (token, secret) = ((string)vector.Arguments[0]!, (string)vector.Arguments[1]!);
        Assert.That(Fernet.TryDecodeBase64Url(token, out var bytes), Is.True);
        for (var i = 0; i < bytes!.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 0x01;
            var alteredToken = Convert.ToBase64String(altered).Replace('+', '-').Replace('/', '_');
            Assert.That(Ring(secret).TryDecrypt(alteredToken, out _), Is.False, $"byte {i} altered");
        }
    }

    [TestCase("")]
    [TestCase("not a token")]
    [TestCase("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA")] // unpadded
    [TestCase("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ/eEwCGM4BLLF/5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==")] // standard alphabet
    [TestCase(" gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==")]
    public void Decrypt_RefusesWhatIsNotPaddedUrlSafeBase64(string token) =>
        Assert.That(Ring(Generate().Select(c => (string)c.Arguments[1]!).First()).TryDecrypt(token, out _), Is.False);

    [TestCase("")]
    [TestCase("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4")] // unpadded
    [TestCase("cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=cw==")]
    [TestCase("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==")] // 31 bytes
    [TestCase("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g")] // 33 bytes
    public void Key_RefusesWhatIsNot32BytesOfPaddedUrlSafeBase64(string text) =>
        Assert.That(FernetKey.TryParse(text, out _), Is.False);

    private static Fernet Ring(params string[] secrets) =>
        new(secrets.Select(secret => FernetKey.TryParse(secret, out var key) ? key : throw new AssertionException($"not a key: {secret}")));

    private static IEnumerable<TestCaseData> Generate() =>
        Cases("generate.json").Select(c => new TestCaseData(c.GetProperty("token").GetString(), c.GetProperty("secret").GetString(), c.GetProperty("src").GetString())
            .SetArgDisplayNames("generate.json", c.GetProperty("token").GetString()![..12]));

    private static IEnumerable<TestCaseData> Verify() =>
        Cases("verify.json").Select(c => new TestCaseData(c.GetProperty("token").GetString(), c.GetProperty("secret").GetString(), c.GetProperty("src").GetString())
            .SetArgDisplayNames("verify.json", c.GetProperty("token").GetString()![..12]));

    private static IEnumerable<TestCaseData> Invalid() =>
        Cases("invalid.json").Select(c => new TestCaseData(c.GetProperty("desc").GetString(), c.GetProperty("token").GetString(), c.GetProperty("secret").GetString())
            .SetArgDisplayNames(c.GetProperty("desc").GetString()!));

    private static List<JsonElement> Cases(string file)
    {
        var shared = typeof(FernetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "SharedDirectory").Value!;
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(shared, "vectors", "fernet", file)));
        var cases = document.RootElement.EnumerateArray().Select(c => c.Clone()).ToList();
        return cases.Count > 0 ? cases : throw new InvalidDataException($"{file} holds no case");
    }
}
