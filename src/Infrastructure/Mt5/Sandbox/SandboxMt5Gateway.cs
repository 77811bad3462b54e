using System.Security.Cryptography;
using System.Text;
using AccountRegistry.Application.Common.Interfaces;
using AccountRegistry.Domain.Mt5;
using Microsoft.Extensions.Options;

namespace AccountRegistry.Infrastructure.Mt5.Sandbox;

/// <summary>
/// An MT5 stand-in that answers from <c>Mt5:Sandbox:Accounts</c>, so the service runs and is
/// testable with no terminal. It verifies nothing against a broker.
/// </summary>
internal sealed class SandboxMt5Gateway(IOptionsMonitor<Mt5Options> options, TimeProvider clock) : IMt5Gateway
{
    // What a real terminal's journal says for a wrong login, password or server.
    internal const string RejectionReason = "Invalid account";

    public async Task<Mt5Verification> VerifyAsync(Mt5LoginRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sandbox = options.CurrentValue.Sandbox;
        if (sandbox.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(sandbox.LatencyMs), clock, cancellationToken).ConfigureAwait(false);
        }

        if (!sandbox.Available)
        {
            return new Mt5Verification.Unavailable(
                "The MT5 sandbox is configured as unavailable (Mt5:Sandbox:Available=false)", Mt5Unavailability.Mt5Unavailable);
        }

        var onServer = sandbox.Accounts
            .Where(a => string.Equals(a.Server, request.Server, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var account = onServer.Find(a => a.Login == request.Login) ?? onServer.Find(a => a.IsWildcard);
        if (account is null || !PasswordsMatch(account.Password, request.Password.Reveal()))
        {
            return new Mt5Verification.Rejected(RejectionReason);
        }

        return new Mt5Verification.Verified(new Mt5AccountSnapshot(
            request.Login,
            account.Server,
            account.Company,
            account.Currency,
            account.TradeMode,
            account.TradeAllowed,
            account.Symbols));
    }

    private static bool PasswordsMatch(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
