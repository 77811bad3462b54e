using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.WebApi.Errors;
using FluentValidation;

namespace AccountRegistry.WebApi.Binding;

/// <summary>One field of a request body: its wire name, how it is read, and what it may be.</summary>
internal sealed record RequestField(
    string JsonName,
    string PropertyName,
    JsonPropertyInfo Property,
    ValueReader Reader,
    bool IsRequired,
    bool Echo,
    PropertyBounds Bounds,
    string? Description);

/// <summary>
/// What the API knows of one request type, all from metadata: System.Text.Json's contract (the
/// fields' wire names, their order, which are required, their types; defaults are the type's own
/// initialisers), <see cref="NeverEchoedAttribute"/>, and the bounds its validators put on each field.
/// The body binder and the OpenAPI schema both read it.
/// </summary>
internal sealed class RequestContract
{
    private RequestContract(JsonTypeInfo typeInfo, IReadOnlyList<IValidator> validators, IReadOnlyList<RequestField> fields)
    {
        TypeInfo = typeInfo;
        Validators = validators;
        Fields = fields;
        FieldOrder = fields.Select(field => field.JsonName).ToArray();
        JsonNames = fields.ToDictionary(field => field.PropertyName, field => field.JsonName, StringComparer.Ordinal);
        Secrets = fields.Where(field => !field.Echo).Select(field => field.JsonName).ToHashSet(StringComparer.Ordinal);
    }

    public Type Type => TypeInfo.Type;

    public JsonTypeInfo TypeInfo { get; }

    public IReadOnlyList<IValidator> Validators { get; }

    /// <summary>In the contract's order, which is the order FastAPI lists a body's errors in.</summary>
    public IReadOnlyList<RequestField> Fields { get; }

    public IReadOnlyList<string> FieldOrder { get; }

    /// <summary>CLR property name to wire name, for locating a validator's failures.</summary>
    public IReadOnlyDictionary<string, string> JsonNames { get; }

    /// <summary>Wire names of the fields never echoed.</summary>
    public IReadOnlySet<string> Secrets { get; }

    public string? Description => Type.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description;

    /// <summary>
    /// The contract of <paramref name="type"/>. Throws (a programming error, met by the contract test
    /// on the first request) for a type that is no JSON object, or has a field no reader reads.
    /// </summary>
    public static RequestContract Create(Type type, JsonSerializerOptions options, IReadOnlyList<IValidator> validators)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsReadOnly)
        {
            // As the serializer's first use does: fixed from now on, with the reflection resolver if none is set.
            options.MakeReadOnly(populateMissingResolver: true);
        }

        var typeInfo = options.GetTypeInfo(type);
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.CreateObject is null)
        {
            throw new NotSupportedException($"A request body type must be a class with a parameterless constructor; {type} is not.");
        }

        // A property marked [JsonIgnore] (an id from the path) is in the contract, but never read from the body.
        var fields = typeInfo.Properties
            .Where(property => property.AttributeProvider?.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: true) != true)
            .Select(property => Field(type, property, validators))
            .ToArray();
        return new RequestContract(typeInfo, validators, fields);
    }

    /// <summary>
    /// The request, with the type errors of the fields that could not be read. A field that could
    /// not be read keeps the type's default, or a placeholder if it is required, so that the
    /// validators can still look at the rest.
    /// </summary>
    public (object Request, IReadOnlyList<ValidationError> TypeErrors) Read(JsonElement body, CancellationToken cancellationToken)
    {
        var request = TypeInfo.CreateObject!();
        var errors = new BodyErrors(cancellationToken);
        foreach (var field in Fields)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var site = new FieldSite(["body", field.JsonName], field.Echo, field.Bounds);
            if (!body.TryGetProperty(field.JsonName, out var value))
            {
                if (field.IsRequired)
                {
                    // No input echoed: FastAPI would echo the whole body, password included.
                    errors.Add(PydanticErrors.Missing(), site);
                    field.Property.Set!(request, field.Reader.Placeholder);
                }

                continue;
            }

            if (field.Reader.TryRead(value, site, errors, out var read))
            {
                field.Property.Set!(request, read);
            }
            else if (field.IsRequired)
            {
                field.Property.Set!(request, field.Reader.Placeholder);
            }
        }

        return (request, errors.Errors);
    }

    /// <summary>A fresh request with the type's defaults, for the OpenAPI schema's <c>default</c>s.</summary>
    public object CreateDefault() => TypeInfo.CreateObject!();

    private static RequestField Field(Type type, JsonPropertyInfo property, IReadOnlyList<IValidator> validators)
    {
        if (property.Set is null || property.AttributeProvider is not PropertyInfo clrProperty)
        {
            throw new NotSupportedException($"{type}.{property.Name} cannot be set from a request body.");
        }

        // NullabilityInfoContext is not thread-safe (two first requests may build contracts at once): one per field.
        var reader = ValueReader.For(property.PropertyType, new NullabilityInfoContext().Create(clrProperty));
        var secret = clrProperty.IsDefined(typeof(NeverEchoedAttribute), inherit: true);
        if (secret && IsPrintable(property.PropertyType))
        {
            throw new NotSupportedException(
                $"{type}.{clrProperty.Name} is never echoed, so it needs a type that never prints itself (such as Password), not {property.PropertyType}.");
        }

        return new RequestField(
            property.Name,
            clrProperty.Name,
            property,
            reader,
            property.IsRequired,
            Echo: !secret,
            PropertyBounds.Of(validators, clrProperty.Name),
            clrProperty.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description);
    }

    // A type whose value a log line, a record's ToString or a 422's input would show as it is.
    private static bool IsPrintable(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Application.Common.Models.Optional<>))
        {
            return IsPrintable(underlying.GetGenericArguments()[0]);
        }

        return underlying.IsPrimitive || underlying == typeof(string) || underlying == typeof(decimal) || underlying.IsEnum;
    }
}

/// <summary>The contracts of the API's request types, built once per type from the JSON options and the registered validators.</summary>
internal sealed class RequestContracts(IServiceProvider services)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, RequestContract> _contracts = new();

    public RequestContract For(Type type) => _contracts.GetOrAdd(type, Create);

    private RequestContract Create(Type type)
    {
        var validators = services.GetServices(typeof(IValidator<>).MakeGenericType(type)).OfType<IValidator>().ToArray();
        return RequestContract.Create(type, ApiJson.SerializerOptions, validators);
    }
}
