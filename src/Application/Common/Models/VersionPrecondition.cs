namespace AccountRegistry.Application.Common.Models;

/// <summary>
/// What a write requires of the account's current version, from the request's <c>If-Match</c>:
/// nothing (no header: the last write wins), any version (<c>*</c>: the account exists), or one of
/// the versions the client names (it read one of them and nothing has changed since).
/// </summary>
public sealed record VersionPrecondition
{
    private readonly IReadOnlySet<int>? _versions;

    private VersionPrecondition(IReadOnlySet<int>? versions, bool required)
    {
        _versions = versions;
        IsRequired = required;
    }

    /// <summary>No <c>If-Match</c>: the write goes ahead over any version, retried over a concurrent one.</summary>
    public static VersionPrecondition None { get; } = new(null, required: false);

    /// <summary><c>If-Match: *</c>: any version.</summary>
    public static VersionPrecondition Any { get; } = new(null, required: true);

    /// <summary>The maximum number of entity tags one <c>If-Match</c> may list.</summary>
    public const int MaxVersions = 20;

    /// <summary>Whether the client named a version (or <c>*</c>): a concurrent change then fails the write, never retried over.</summary>
    public bool IsRequired { get; }

    public static VersionPrecondition OneOf(IEnumerable<int> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var set = versions.ToHashSet();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(set.Count, MaxVersions, nameof(versions));
        return new VersionPrecondition(set, required: true);
    }

    /// <summary>Whether the write may go ahead over the account's <paramref name="current"/> version.</summary>
    public bool Allows(int current) => _versions is null || _versions.Contains(current);
}
