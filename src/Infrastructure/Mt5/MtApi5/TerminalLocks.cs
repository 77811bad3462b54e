using System.Collections.Concurrent;

namespace AccountRegistry.Infrastructure.Mt5.MtApi5;

/// <summary>
/// Two terminals cannot run from one install, so verifications on the same install take turns;
/// different installs run in parallel. Waiting is asynchronous: no thread is held.
/// </summary>
internal sealed class TerminalLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks =
        new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>The lock of the install that <paramref name="terminalPath"/> (a canonical path) belongs to.</summary>
    public SemaphoreSlim For(string terminalPath) =>
        _locks.GetOrAdd(Path.GetDirectoryName(terminalPath) ?? terminalPath, static _ => new SemaphoreSlim(1, 1));
}
