using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AccountRegistry.WebApi.Parameters;

/// <summary>
/// What binding the path and query parameters of one request found wrong, in the order they were
/// bound (the order of the action's parameters, which is FastAPI's order too). Answered before the
/// action runs by <see cref="ParameterErrorsFilter"/>: every 422 entry together; else the first
/// parameter that names nothing (a 404).
/// </summary>
internal sealed class ParameterErrors
{
    public List<ValidationError> Errors { get; } = [];

    public Exception? NotFound { get; set; }

    public static ParameterErrors Of(HttpContext context)
    {
        var errors = context.Features.Get<ParameterErrors>();
        if (errors is null)
        {
            errors = new ParameterErrors();
            context.Features.Set(errors);
        }

        return errors;
    }
}

/// <summary>Runs after binding, before every action: the parameters' errors become the request's answer.</summary>
internal sealed class ParameterErrorsFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (context.HttpContext.Features.Get<ParameterErrors>() is not { } found)
        {
            return;
        }

        if (found.Errors.Count > 0)
        {
            throw new RequestValidationException([.. found.Errors]);
        }

        if (found.NotFound is { } notFound)
        {
            throw notFound;
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
