namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// An action on one account: its success response carries the account's <c>ETag</c>, and, when
/// <see cref="AcceptsIfMatch"/>, it honours <c>If-Match</c> (a stale one is a 412). The OpenAPI
/// document describes both from this attribute (<see cref="EntityTagTransformer"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class EntityTagAttribute : Attribute
{
    public const string IfMatchHeader = "If-Match";

    /// <summary>Whether the action takes <c>If-Match</c>.</summary>
    public bool AcceptsIfMatch { get; init; }
}
