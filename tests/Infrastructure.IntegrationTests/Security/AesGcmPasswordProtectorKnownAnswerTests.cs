using System.Security.Cryptography;
using AccountRegistry.Domain.Accounts;
using AccountRegistry.Infrastructure.IntegrationTests.TestSupport;
using AccountRegistry.Infrastructure.Security;

namespace AccountRegistry.Infrastructure.IntegrationTests.Security;

/// <summary>
/// The stored formats of docs/decisions/006-password-encryption.md, pinned by ciphertexts made
/// outside this code base (Python's <c>cryptography</c> AESGCM, with the associated data built as the
/// ADR describes). Rows in real databases hold these formats: a change to either one that still
/// round-trips in memory fails here.
/// </summary>
[TestFixture]
public sealed class AesGcmPasswordProtectorKnownAnswerTests
{
    private const string Key = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8="; // bytes 0x40..0x5f
    private const string KeyId = "kat-2026";
    private const string OtherKeyId = "kat-other"; // holds the same key: only the bound key id tells them apart
    private const long Login = 51234567;
    private const string Server = "MetaQuotes-Demo";
    private const string Password = "Tr4de-p@ss wörd ✓";

    // v1: "{keyId}:{base64(nonce | ct | tag)}", AD = "AccountRegistry.Mt5Password.v1" | login (int64 BE) | keyId; nonce 01..0c.
    private const string V1 = "kat-2026:AQIDBAUGBwgJCgsM8lhhVE8JxzU9hMd6hylx0p7Wxvcn/HLRh1dycRmS6Z8sXjra";

    // v2: "v2:{keyId}:{base64(nonce | ct | tag)}", AD = the fields below, each after its length (uint32 BE); nonce 65..70.
    private const string V2 = "v2:kat-2026:ZWZnaGlqa2xtbm9wOXAdmYpesh0zY+fKqqEvb8C4yAq+8rd1krm06iXXBaEZ6rT6";

    private const string V2AssociatedData =
        "0000001e" + "4163636f756e7452656769737472792e4d743550617373776f72642e7632" // "AccountRegistry.Mt5Password.v2"
        + "00000008" + "00000000030dc707" // login 51234567, int64 big-endian
        + "0000000f" + "4d65746151756f7465732d44656d6f" // "MetaQuotes-Demo"
        + "00000008" + "6b61742d32303236"; // "kat-2026"

    private static AesGcmPasswordProtector Protector() =>
        new(EncryptionSettings.Monitor(KeyId, (KeyId, Key), (OtherKeyId, Key)));

    private static void AssertDoesNotOpen(string stored, long login, string server) =>
        Assert.Throws(Is.InstanceOf<CryptographicException>(), () => Protector().Unprotect(new EncryptedPassword(stored), login, server));

    [Test]
    public void V1_OpensToTheKnownPassword() =>
        Assert.That(Protector().Unprotect(new EncryptedPassword(V1), Login, Server).Reveal(), Is.EqualTo(Password));

    [Test]
    public void V1_DoesNotOpen_UnderAnotherLogin() => AssertDoesNotOpen(V1, Login + 1, Server);

    [Test]
    public void V1_DoesNotOpen_UnderAnotherKeyId() => AssertDoesNotOpen(OtherKeyId + V1[KeyId.Length..], Login, Server);

    [Test]
    public void V2_OpensToTheKnownPassword() =>
        Assert.That(Protector().Unprotect(new EncryptedPassword(V2), Login, Server).Reveal(), Is.EqualTo(Password));

    [Test]
    public void V2_DoesNotOpen_UnderAnotherLogin() => AssertDoesNotOpen(V2, Login + 1, Server);

    [TestCase("MetaQuotes-Live")]
    [TestCase("metaquotes-demo")]
    public void V2_DoesNotOpen_UnderAnotherServer(string server) => AssertDoesNotOpen(V2, Login, server);

    [Test]
    public void V2_DoesNotOpen_UnderAnotherKeyId() => AssertDoesNotOpen("v2:" + OtherKeyId + V2[("v2:" + KeyId).Length..], Login, Server);

    [Test]
    public void V2_DoesNotOpen_WhenRelabelledAsV1() => AssertDoesNotOpen(V2["v2:".Length..], Login, Server);

    [Test]
    public void V1_DoesNotOpen_WhenRelabelledAsV2() => AssertDoesNotOpen("v2:" + V1, Login, Server);

    [Test]
    public void Protect_SealsInV2_WithTheDocumentedAssociatedData()
    {
        var stored = Protector().Protect(new Password(Password), Login, Server).Value;

        Assert.That(stored, Does.StartWith($"v2:{KeyId}:"));
        var sealedBytes = Convert.FromBase64String(stored[$"v2:{KeyId}:".Length..]);
        var plaintext = new byte[sealedBytes.Length - 12 - 16];
        using var aes = new AesGcm(Convert.FromBase64String(Key), 16);
        aes.Decrypt(
            sealedBytes.AsSpan(0, 12),
            sealedBytes.AsSpan(12, plaintext.Length),
            sealedBytes.AsSpan(12 + plaintext.Length),
            plaintext,
            Convert.FromHexString(V2AssociatedData));
        Assert.That(System.Text.Encoding.UTF8.GetString(plaintext), Is.EqualTo(Password));
    }
}
