using System.Security.Cryptography;
using AccountRegistry.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Security;

/// <summary>
/// In Development only, when no key is configured: uses a key kept in the data folder, creating it
/// (readable by the owner only) on first run, so that a fresh clone runs with no set-up step. Any
/// other environment must configure its keys.
/// </summary>
internal sealed partial class DevelopmentKeyProvisioner(
    IHostEnvironment environment,
    IOptions<DatabaseOptions> database,
    ILogger<DevelopmentKeyProvisioner> logger) : IPostConfigureOptions<EncryptionOptions>
{
    internal const string KeyId = "dev";
    internal const string FileName = "development-encryption.key";

    public void PostConfigure(string? name, EncryptionOptions options)
    {
        if (!environment.IsDevelopment() || options.Keys.Count > 0)
        {
            return;
        }

        var directory = DataDirectory.Resolve(database.Value, environment);
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            DataDirectory.CreatePrivate(directory);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(EncryptionOptions.KeySizeBytes));
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var writer = new StreamWriter(path, fileOptions);
                writer.Write(key);
                LogGenerated(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance created it first; use theirs.
            }
        }

        options.Keys[KeyId] = File.ReadAllText(path).Trim();
        options.ActiveKeyId = KeyId;
        LogUsingDevelopmentKey(path);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Generated a Development encryption key at {Path}")]
    private partial void LogGenerated(string path);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No encryption key is configured; using the Development key at {Path}. Configure Encryption:Keys outside Development.")]
    private partial void LogUsingDevelopmentKey(string path);
}
