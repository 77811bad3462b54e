namespace AccountRegistry.WebApi.Errors;

/// <summary>
/// The request could not be read into a command (malformed JSON, wrong types, missing fields, a
/// bad path parameter): a 422 with one entry per problem.
/// </summary>
public sealed class RequestValidationException(IReadOnlyList<ValidationError> errors)
    : Exception($"The request is invalid ({errors.Count} problems)")
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}

/// <summary>The request body is larger than <c>Limits:MaxRequestBodyBytes</c> (413).</summary>
public sealed class RequestBodyTooLargeException(long limit)
    : Exception($"Request body too large; the limit is {limit} bytes");

/// <summary>The body is declared in a media type or charset the API does not read (415).</summary>
public sealed class UnsupportedMediaTypeException(string detail) : Exception(detail);
