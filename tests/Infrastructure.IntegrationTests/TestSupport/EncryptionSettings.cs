using AccountRegistry.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Moq;

namespace AccountRegistry.Infrastructure.IntegrationTests.TestSupport;

internal static class EncryptionSettings
{
    /// <summary><c>Encryption:*</c> as the options monitor gives it: these keys by id, and the active one.</summary>
    public static IOptionsMonitor<EncryptionOptions> Monitor(string activeKeyId, params (string Id, string Key)[] keys)
    {
        var options = new EncryptionOptions { ActiveKeyId = activeKeyId };
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }

        var monitor = new Mock<IOptionsMonitor<EncryptionOptions>>();
        monitor.Setup(m => m.CurrentValue).Returns(options);
        return monitor.Object;
    }
}
