using System.Net.Sockets;

namespace PSSocket;

/// <summary>The -AddressFamily choices: names users know, instead of InterNetwork/InterNetworkV6.</summary>
public enum IPFamily
{
    Any,
    IPv4,
    IPv6,
}

internal static class IPFamilies
{
    public static AddressFamily ToAddressFamily(IPFamily family) => family switch
    {
        IPFamily.IPv4 => AddressFamily.InterNetwork,
        IPFamily.IPv6 => AddressFamily.InterNetworkV6,
        _ => AddressFamily.Unspecified,
    };
}
