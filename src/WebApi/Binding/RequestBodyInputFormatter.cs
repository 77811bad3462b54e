using System.Buffers;
using AccountRegistry.WebApi.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AccountRegistry.WebApi.Binding;

/// <summary>
/// Binds every <c>[FromBody]</c> parameter of the API from JSON with FastAPI's error reporting, as
/// its type's <see cref="RequestContract"/> says, in place of MVC's JSON formatter (which stops at
/// the first error and answers in its own shape, and is removed). A request with no Content-Type is
/// read as JSON, as FastAPI does.
/// </summary>
internal sealed class RequestBodyInputFormatter : InputFormatter, IInputFormatterExceptionPolicy
{
    public RequestBodyInputFormatter()
    {
        SupportedMediaTypes.Add("application/json");
        SupportedMediaTypes.Add("text/json");
        SupportedMediaTypes.Add("application/*+json");
    }

    // Anything but a malformed-input exception is ours to report, not MVC's to fold into ModelState.
    public InputFormatterExceptionPolicy ExceptionPolicy => InputFormatterExceptionPolicy.MalformedInputExceptions;

    // Every body type: one that the binder cannot read fails its contract, loudly, rather than falling to another formatter.
    protected override bool CanReadType(Type type) => true;

    public override bool CanRead(InputFormatterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CanReadType(context.ModelType)
            && (string.IsNullOrEmpty(context.HttpContext.Request.ContentType) || base.CanRead(context));
    }

    public override async Task<InputFormatterResult> ReadAsync(InputFormatterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await ReadRequestBodyAsync(context).ConfigureAwait(false);
    }

    public override async Task<InputFormatterResult> ReadRequestBodyAsync(InputFormatterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        // The body is read as UTF-8; one declared in another charset is refused, not misread.
        if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            && mediaType.Charset.Length > 0
            && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedMediaTypeException("Unsupported Media Type: send the JSON body in UTF-8");
        }

        var limit = http.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            throw new RequestBodyTooLargeException(limit);
        }

        var contract = http.RequestServices.GetRequiredService<RequestContracts>().For(context.ModelType);
        var body = await ReadBoundedAsync(http.Request.Body, limit, http.RequestAborted).ConfigureAwait(false);
        object request;
        IReadOnlyList<ValidationError> typeErrors;
        try
        {
            (request, typeErrors) = RequestBodyReader.Read(contract, body, http.RequestAborted);
        }
        finally
        {
            // The body may hold a password: no copy of it outlives the reading.
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(body);
        }

        if (typeErrors.Count > 0)
        {
            // FastAPI reports every problem at once: add the bounds broken by the fields that were read.
            var failures = new List<FluentValidation.Results.ValidationFailure>();
            foreach (var validator in contract.Validators)
            {
                var result = await validator.ValidateAsync(new ValidationContext<object>(request), http.RequestAborted).ConfigureAwait(false);
                failures.AddRange(result.Errors);
            }

            throw new RequestValidationException(ValidationErrors.Merge(typeErrors, ValidationErrors.From(failures, contract), contract.FieldOrder));
        }

        return InputFormatterResult.Success(request);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, 16 * 1024));
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > limit)
                {
                    throw new RequestBodyTooLargeException(limit);
                }
            }
        }
        finally
        {
            // The body holds the password: leave no copy of it in the shared pool.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
