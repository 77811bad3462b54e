using System.ComponentModel.DataAnnotations;
using System.Globalization;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.WebApi.Errors;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace AccountRegistry.WebApi.Parameters;

/// <summary>
/// The one binder of path and query parameters, as FastAPI reads them: it takes the text (of a
/// repeated query parameter, the last), has the parameter's <see cref="ParameterReader"/> read it,
/// and answers what is wrong as FastAPI does, with every parameter's errors together
/// (<see cref="ParameterErrors"/>). An absent query parameter takes the action's default.
/// </summary>
internal sealed class ParameterModelBinder(ParameterReader reader) : IModelBinder
{
    public ParameterReader Reader { get; } = reader;

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
        var reading = Reader.Read(text);
        var errors = ParameterErrors.Of(bindingContext.HttpContext);
        if (reading.Error is { } error)
        {
            errors.Errors.Add(ValidationErrors.Of(error, [fromPath ? "path" : "query", name], text));
        }
        else if (reading.NotFound is { } notFound)
        {
            errors.NotFound ??= notFound;
        }
        else
        {
            bindingContext.Result = ModelBindingResult.Success(reading.Value);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Gives <see cref="ParameterModelBinder"/> to every <see cref="AccountId"/>, and to every path or
/// query parameter of a type it reads (nullable or not: null is the absent parameter's default):
/// <c>int</c> and <c>long</c> within their <see cref="RangeAttribute"/>; <c>bool</c>; and
/// <c>string</c> within its <see cref="MaxLengthAttribute"/>, or one of its <see cref="AllowedValuesAttribute"/>.
/// The OpenAPI document shows the same attributes.
/// </summary>
internal sealed class ParameterModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = context.Metadata.ModelType;
        if (type == typeof(AccountId))
        {
            return new ParameterModelBinder(new IntegerReader(typeof(AccountId), long.MinValue, long.MaxValue));
        }

        var source = context.BindingInfo.BindingSource;
        if (source != BindingSource.Query && source != BindingSource.Path)
        {
            return null;
        }

        var attributes = (context.Metadata as DefaultModelMetadata)?.Attributes.Attributes ?? [];
        var value = Nullable.GetUnderlyingType(type) ?? type;
        if (value == typeof(int) || value == typeof(long))
        {
            var range = attributes.OfType<RangeAttribute>().FirstOrDefault();
            var (floor, ceiling) = value == typeof(int) ? (int.MinValue, int.MaxValue) : (long.MinValue, long.MaxValue);
            return new ParameterModelBinder(new IntegerReader(
                value,
                range is null ? floor : Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture),
                range is null ? ceiling : Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture)));
        }

        if (value == typeof(bool))
        {
            return new ParameterModelBinder(new BooleanReader());
        }

        if (value == typeof(string))
        {
            if (attributes.OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
            {
                return new ParameterModelBinder(new LiteralReader([.. allowed.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)!)]));
            }

            return new ParameterModelBinder(new TextReader(attributes.OfType<MaxLengthAttribute>().FirstOrDefault()?.Length));
        }

        return null;
    }
}
