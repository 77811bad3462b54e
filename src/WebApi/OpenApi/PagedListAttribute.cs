namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// An action that returns one page of a list: it reads the <c>skip</c> and <c>limit</c> query
/// parameters (FastAPI's convention) within these bounds, and sets <c>X-Total-Count</c>. The
/// OpenAPI document describes both from this attribute (<see cref="PagedListTransformer"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PagedListAttribute(int maxSkip, int defaultLimit, int maxLimit) : Attribute
{
    public const string TotalCountHeader = "X-Total-Count";

    public int MaxSkip { get; } = maxSkip;

    public int DefaultLimit { get; } = defaultLimit;

    public int MaxLimit { get; } = maxLimit;
}
