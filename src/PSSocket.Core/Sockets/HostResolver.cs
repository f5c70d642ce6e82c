using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Sockets;

/// <summary>Resolves names through the system resolver; literal addresses skip it.</summary>
internal static class HostResolver
{
    /// <summary>
    /// Every address the name resolves to, in the resolver's order, keeping only
    /// <paramref name="family"/> when it is not Unspecified.
    /// </summary>
    /// <exception cref="PSSocketException">HostNotFound (target: the name), or AddressFamilyNotSupported.</exception>
    public static async Task<IPAddress[]> ResolveAsync(string host, AddressFamily family, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new PSSocketException(nameof(SocketError.HostNotFound), FaultCategory.ObjectNotFound, host, "The host name is empty.");
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out IPAddress? literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw SocketFaults.From(e, host, "Resolving");
            }
            catch (ArgumentException e)
            {
                throw new PSSocketException(nameof(SocketError.HostNotFound), FaultCategory.ObjectNotFound, host,
                    $"'{host}' is not a valid host name: {e.Message}", e);
            }
        }

        if (family != AddressFamily.Unspecified)
        {
            addresses = Array.FindAll(addresses, a => a.AddressFamily == family);
            if (addresses.Length == 0)
            {
                throw new PSSocketException(nameof(SocketError.HostNotFound), FaultCategory.ObjectNotFound, host,
                    $"'{host}' has no {(family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} address.");
            }
        }

        if (addresses.Length == 0)
        {
            throw new PSSocketException(nameof(SocketError.HostNotFound), FaultCategory.ObjectNotFound, host, $"'{host}' resolves to no address.");
        }

        return addresses;
    }

    /// <summary>
    /// The addresses a UDP server binds: "localhost" (or none) means both loopbacks, 127.0.0.1 and
    /// ::1, on the same port, because clients resolve localhost to either one first depending on
    /// the system's hosts file (::1 first on Windows, macOS, Fedora). Binding :: instead would also
    /// expose the server to the network.
    /// </summary>
    public static IPAddress[] ParseBindAddresses(string? address) =>
        string.IsNullOrEmpty(address) || string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase)
            ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : [ParseBindAddress(address)];

    /// <summary>Parses a bind address; loopback when none is given.</summary>
    public static IPAddress ParseBindAddress(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(address.Trim('[', ']'), out IPAddress? parsed))
        {
            return parsed;
        }

        throw new PSSocketException("InvalidAddress", FaultCategory.InvalidArgument, address,
            $"'{address}' is not an IP address to bind to (examples: 127.0.0.1, ::1, 0.0.0.0, ::).");
    }
}
