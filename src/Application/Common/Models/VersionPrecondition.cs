namespace AccountRegistry.Application.Common.Models;

/// <summary>
/// What a write requires of the account's current version, from the request's <c>If-Match</c>:
/// nothing (no header, or <c>*</c>: the account exists, which every write requires anyway; the
/// last write wins), or one of the versions the client names (it read one of them and nothing has
/// changed since).
/// </summary>
public sealed record VersionPrecondition
{
    private readonly IReadOnlySet<int>? _versions;

    private VersionPrecondition(IReadOnlySet<int>? versions, bool required)
    {
        _versions = versions;
        IsRequired = required;
    }

    /// <summary>No <c>If-Match</c>, or <c>*</c>: the write goes ahead over any version, retried over a concurrent one.</summary>
    public static VersionPrecondition None { get; } = new(null, required: false);

    /// <summary>The maximum number of entity tags one <c>If-Match</c> may list.</summary>
    public const int MaxVersions = 20;

    /// <summary>Whether the client named versions: a concurrent change then fails the write (412), never retried over.</summary>
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
