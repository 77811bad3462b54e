namespace AccountRegistry.Infrastructure.Mt5;

/// <summary>
/// An entry of <c>Mt5:Terminals</c>: one terminal install of the pool. MT5 runs one terminal per
/// install folder, so each entry is its own folder; verifications take whichever is free.
/// </summary>
public sealed class Mt5Terminal
{
    /// <summary>The install's terminal64.exe (its folder is the data folder, portable mode).</summary>
    public string Path { get; set; } = string.Empty;
}
