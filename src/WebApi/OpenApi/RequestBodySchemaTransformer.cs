using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.WebApi.Binding;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AccountRegistry.WebApi.OpenApi;

/// <summary>
/// Describes every request body as the wire sees it, from the same <see cref="RequestContract"/> the
/// body binder reads it with: snake_case fields in order, which are required, each field's JSON type
/// (a <see cref="Domain.Accounts.Password"/> is a write-only string, an <c>Optional</c> its value's
/// type), the defaults of the type, the bounds of its validators, and its <c>[Description]</c>s.
/// A new request type gets its schema with no code here.
/// </summary>
internal sealed class RequestBodySchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        // The body's own schema: not the schemas nested in it (its properties, a list's items).
        if (context.ParameterDescription is { Source: var source, Type: var bodyType }
            && source == BindingSource.Body && context.JsonPropertyInfo is null && context.JsonTypeInfo.Type == bodyType)
        {
            Describe(context.ApplicationServices.GetRequiredService<RequestContracts>().For(context.JsonTypeInfo.Type), schema);
        }

        return Task.CompletedTask;
    }

    /// <summary>Writes the request type's schema into <paramref name="schema"/>.</summary>
    public static void Describe(RequestContract contract, OpenApiSchema schema)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(schema);
        var defaults = contract.CreateDefault();
        schema.Type = JsonSchemaType.Object;
        schema.Description = contract.Description;
        schema.Required = new HashSet<string>(contract.Fields.Where(field => field.IsRequired).Select(field => field.JsonName));
        schema.Properties = new Dictionary<string, IOpenApiSchema>();
        foreach (var field in contract.Fields)
        {
            var property = Describe(field.Reader, field.Bounds);
            property.Description = field.Description;
            if (!field.Echo)
            {
                property.Format = "password";
                property.WriteOnly = true;
            }

            if (!field.IsRequired && field.Reader is not OptionalValueReader && field.Property.Get?.Invoke(defaults) is { } fallback)
            {
                property.Default = JsonSerializer.SerializeToNode(fallback, field.Property.PropertyType, ApiJson.SerializerOptions);
            }

            schema.Properties[field.JsonName] = property;
        }
    }

    private static OpenApiSchema Describe(ValueReader reader, PropertyBounds bounds)
    {
        switch (reader)
        {
            case OptionalValueReader optional:
                return Describe(optional.Inner, bounds);
            case NullableValueReader nullable:
                var schema = Describe(nullable.Inner, bounds);
                schema.Type |= JsonSchemaType.Null;
                return schema;
            case StringValueReader or PasswordValueReader:
                return new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    MinLength = bounds.MinLength,
                    MaxLength = bounds.MaxLength,
                    Enum = bounds.Literals?.Select(literal => (JsonNode)JsonValue.Create(literal)).ToList(),
                };
            case EnumValueReader enumeration:
                return new OpenApiSchema { Type = JsonSchemaType.String, Enum = enumeration.Names.Select(name => (JsonNode)JsonValue.Create(name)).ToList() };
            case BooleanValueReader:
                return new OpenApiSchema { Type = JsonSchemaType.Boolean };
            case IntegerValueReader integer:
                return Numeric(new OpenApiSchema { Type = JsonSchemaType.Integer, Format = integer.Is64Bit ? "int64" : "int32" }, bounds);
            case DecimalValueReader:
                return Numeric(new OpenApiSchema { Type = JsonSchemaType.Number }, bounds);
            case ListValueReader list:
                return new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = Describe(list.Items, bounds.Items ?? PropertyBounds.None),
                    MaxItems = bounds.MaxItems,
                    UniqueItems = bounds.UniqueItems ? true : null,
                };
            default:
                throw new NotSupportedException($"No schema for the reader {reader.GetType().Name}.");
        }
    }

    private static OpenApiSchema Numeric(OpenApiSchema schema, PropertyBounds bounds)
    {
        schema.ExclusiveMinimum = Format(bounds.GreaterThan);
        schema.Minimum = Format(bounds.GreaterThanOrEqual);
        schema.ExclusiveMaximum = Format(bounds.LessThan);
        schema.Maximum = Format(bounds.LessThanOrEqual);
        return schema;
    }

    private static string? Format(object? bound) => bound is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : null;
}
