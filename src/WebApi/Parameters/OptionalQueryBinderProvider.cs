using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace AccountRegistry.WebApi.Parameters;

/// <summary>
/// Query parameters that may be left out, in the family of <see cref="IntegerModelBinder"/>: a
/// <c>long?</c> is read by it (absent is null), and a <c>string</c> with an
/// <see cref="AllowedValuesAttribute"/> by <see cref="LiteralModelBinder"/> (one of the values exactly,
/// else FastAPI's <c>literal_error</c>; absent is the action's default).
/// </summary>
internal sealed class OptionalQueryBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.BindingInfo.BindingSource != BindingSource.Query)
        {
            return null;
        }

        var attributes = (context.Metadata as DefaultModelMetadata)?.Attributes.Attributes ?? [];
        var type = context.Metadata.ModelType;
        if (type == typeof(long?))
        {
            var range = attributes.OfType<RangeAttribute>().FirstOrDefault();
            return new IntegerModelBinder(
                range is null ? long.MinValue : Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture),
                range is null ? long.MaxValue : Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture));
        }

        return type == typeof(string) && attributes.OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed
            ? new LiteralModelBinder([.. allowed.Values.Select(value => Convert.ToString(value, CultureInfo.InvariantCulture)!)])
            : null;
    }
}

/// <summary>One of the <paramref name="literals"/>, exactly; else <c>literal_error</c> with the others of the request's parameter errors.</summary>
internal sealed class LiteralModelBinder(IReadOnlyList<string> literals) : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var provided = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (provided == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        // Of a repeated parameter, the last counts (as for integers).
        var text = provided.Values[^1] ?? string.Empty;
        if (literals.Contains(text, StringComparer.Ordinal))
        {
            bindingContext.Result = ModelBindingResult.Success(text);
        }
        else
        {
            ParameterErrors.Of(bindingContext.HttpContext).Errors.Add(
                ValidationErrors.Of(PydanticErrors.LiteralError(literals), ["query", bindingContext.ModelName], text));
        }

        return Task.CompletedTask;
    }
}
