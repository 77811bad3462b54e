using System.Globalization;
using AccountRegistry.Application.Common.Models;
using AccountRegistry.Application.Common.Validation;
using AccountRegistry.WebApi.Errors;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace AccountRegistry.WebApi.Http;

/// <summary>
/// An account's entity tag, <c>"{version}"</c> (strong: the version changes with every change a client
/// can see), and the <c>If-Match</c> header that writes compare it with.
/// </summary>
internal static class AccountEntityTag
{
    /// <summary>The ETag of an account at <paramref name="version"/>.</summary>
    public static string Of(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The precondition an <c>If-Match</c> header sets: none when absent or <c>*</c> (the account
    /// exists: a write of one that does not is a 404 anyway), otherwise the versions its strong tags name (a weak tag or a tag of no version matches
    /// nothing, as RFC 9110's strong comparison says). A header that is not <c>*</c> or a list of at
    /// most <see cref="VersionPrecondition.MaxVersions"/> entity tags is a 422 in FastAPI's shape.
    /// </summary>
    public static VersionPrecondition Precondition(StringValues ifMatch)
    {
        if (StringValues.IsNullOrEmpty(ifMatch))
        {
            return VersionPrecondition.None;
        }

        var raw = ifMatch.ToString();
        if (raw.Length > 1024
            || !EntityTagHeaderValue.TryParseStrictList(ifMatch, out var tags)
            || tags.Count is 0 or > VersionPrecondition.MaxVersions)
        {
            throw new RequestValidationException([ValidationErrors.Of(
                PydanticErrors.ValueError($"If-Match must be * or a list of at most {VersionPrecondition.MaxVersions} entity tags such as \"3\""),
                ["header", "if-match"],
                raw)]);
        }

        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
        {
            return VersionPrecondition.None;
        }

        return VersionPrecondition.OneOf(tags
            .Where(tag => !tag.IsWeak)
            .Select(tag => int.TryParse(tag.Tag.AsSpan().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1)
            .Where(version => version > 0));
    }
}
