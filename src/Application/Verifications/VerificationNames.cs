using System.Text.Json;
using AccountRegistry.Application.Common.Credentials;

namespace AccountRegistry.Application.Verifications;

/// <summary>A job's kind and status as the API and the database spell them: <c>password_change</c>, <c>queued</c>.</summary>
public static class VerificationNames
{
    public static string Of(VerificationKind kind) => JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    public static string Of(VerificationJobStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    public static VerificationKind KindOf(string name) =>
        Enum.GetValues<VerificationKind>().First(kind => Of(kind) == name);

    public static VerificationJobStatus StatusOf(string name) =>
        Enum.GetValues<VerificationJobStatus>().First(status => Of(status) == name);
}
