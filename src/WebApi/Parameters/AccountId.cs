namespace AccountRegistry.WebApi.Parameters;

/// <summary>
/// The <c>{account_id}</c> of a route, bound by <see cref="ParameterModelBinder"/>: an integer as
/// FastAPI reads one (<see cref="IntegerText"/>), else a 422 <c>int_parsing</c> at
/// <c>["path", "account_id"]</c>; an integer beyond 64 bits names no account (404) before the action
/// runs. An action takes it and reads <see cref="Value"/>.
/// </summary>
public readonly record struct AccountId(long Value)
{
    /// <summary>The route parameter's name, as FastAPI's path spells it.</summary>
    public const string RouteName = "account_id";
}
