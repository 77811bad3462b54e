namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// An action that returns one page of a list: it takes the <c>skip</c> and <c>limit</c> query
/// parameters (FastAPI's convention; their bounds are their <c>[Range]</c>), and sets
/// <c>X-Total-Count</c>, which the OpenAPI document describes from this attribute (<see cref="PagedListTransformer"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PagedListAttribute : Attribute
{
    public const string TotalCountHeader = "X-Total-Count";
}
