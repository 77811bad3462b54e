using System.Net;
using System.Net.Sockets;

namespace AccountRegistry.WebApi.Security;

/// <summary>The client address that limits and lockouts count by.</summary>
internal static class ClientAddress
{
    public const string Unknown = "unknown";

    /// <summary>
    /// The connection's address (after trusted proxies have had their say). An IPv6 client usually
    /// holds a whole /64 and could take a fresh address for every request, so it counts per /64;
    /// IPv4 (also when mapped into IPv6) counts per address.
    /// </summary>
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }
}
