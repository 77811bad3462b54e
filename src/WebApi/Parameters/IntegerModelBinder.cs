using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AccountRegistry.Application.Common.Exceptions;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace AccountRegistry.WebApi.Parameters;

/// <summary>
/// The one binder of integer path and query parameters: <see cref="AccountId"/>, and <c>int</c> or
/// <c>long</c> with the bounds of its <see cref="RangeAttribute"/> (which the OpenAPI document shows
/// too). The text is read by <see cref="IntegerText"/>; what is wrong is answered as FastAPI does, with
/// every parameter's errors together (<see cref="ParameterErrors"/>): <c>int_parsing</c>, or
/// <c>greater_than_equal</c> / <c>less_than_equal</c> for an integer beyond a bound (of any size).
/// An absent query parameter takes the action's default. Of a repeated one, the last counts.
/// </summary>
internal sealed class IntegerModelBinder(long minimum, long maximum) : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var name = bindingContext.ModelName;
        var provided = bindingContext.ValueProvider.GetValue(name);
        var fromPath = bindingContext.BindingSource == BindingSource.Path;
        if (provided == ValueProviderResult.None && !fromPath)
        {
            return Task.CompletedTask;
        }

        // MVC hands a blank path segment over as null.
        var text = provided.Values.Count > 0 ? provided.Values[^1] ?? string.Empty : string.Empty;
        object[] loc = [fromPath ? "path" : "query", name];
        var errors = ParameterErrors.Of(bindingContext.HttpContext);
        var reading = IntegerText.Read(text);
        switch (reading.Outcome)
        {
            case IntegerReading.Kind.NotAnInteger:
                errors.Errors.Add(ValidationErrors.Of(PydanticErrors.IntParsing(), loc, text));
                return Task.CompletedTask;

            case IntegerReading.Kind.TooLong:
                errors.Errors.Add(ValidationErrors.Of(PydanticErrors.IntParsingSize(), loc, text));
                return Task.CompletedTask;

            case IntegerReading.Kind.OutOfRange when bindingContext.ModelType == typeof(AccountId):
                // No account has an id beyond 64 bits; FastAPI would look, and not find it.
                errors.NotFound ??= new AccountNotFoundException(reading.Text!);
                return Task.CompletedTask;
        }

        var value = reading.Outcome == IntegerReading.Kind.Integer ? reading.Value : reading.Negative ? long.MinValue : long.MaxValue;
        if (value < minimum)
        {
            errors.Errors.Add(ValidationErrors.Of(PydanticErrors.GreaterThanEqual(minimum), loc, text));
        }
        else if (value > maximum)
        {
            errors.Errors.Add(ValidationErrors.Of(PydanticErrors.LessThanEqual(maximum), loc, text));
        }
        else
        {
            bindingContext.Result = ModelBindingResult.Success(Boxed(bindingContext.ModelType, value));
        }

        return Task.CompletedTask;
    }

    // Within the bounds, so within the type.
    private static object Boxed(Type type, long value) =>
        type == typeof(AccountId) ? new AccountId(value) : type == typeof(int) ? (object)(int)value : value;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Gives <see cref="IntegerModelBinder"/> to every <see cref="AccountId"/>, and to every <c>int</c> or <c>long</c> path or query parameter.</summary>
internal sealed class IntegerModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = context.Metadata.ModelType;
        if (type == typeof(AccountId))
        {
            return new IntegerModelBinder(long.MinValue, long.MaxValue);
        }

        var source = context.BindingInfo.BindingSource;
        if ((type != typeof(int) && type != typeof(long)) || (source != BindingSource.Query && source != BindingSource.Path))
        {
            return null;
        }

        var range = (context.Metadata as DefaultModelMetadata)?.Attributes.Attributes.OfType<RangeAttribute>().FirstOrDefault();
        var (floor, ceiling) = type == typeof(int) ? (int.MinValue, int.MaxValue) : (long.MinValue, long.MaxValue);
        return new IntegerModelBinder(
            range is null ? floor : Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture),
            range is null ? ceiling : Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture));
    }
}
