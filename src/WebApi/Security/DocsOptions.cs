namespace AccountRegistry.WebApi.Security;

/// <summary>The <c>Docs</c> section.</summary>
public sealed class DocsOptions
{
    public const string SectionName = "Docs";

    /// <summary>Serve /docs and /openapi/v1.json. Unset: in Development only.</summary>
    public bool? Enabled { get; set; }
}
