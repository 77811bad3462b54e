namespace AccountRegistry.WebApi;

/// <summary>The <c>Limits</c> section.</summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>The largest request body read; larger ones get 413. A registration is well under 2 KiB.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
