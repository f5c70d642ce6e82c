using System.Net;

namespace PSSocket.Core.Sockets;

/// <summary>Endpoints as users and netstat write them, in errors and on the objects the cmdlets return.</summary>
internal static class EndpointText
{
    /// <summary>How users write endpoints: 127.0.0.1:80 and [::1]:80.</summary>
    public static string Format(IPAddress address, int port) =>
        new IPEndPoint(Plain(address), port).ToString();

    /// <summary>Shows IPv4 peers of a dual-mode socket as IPv4, as netstat does.</summary>
    public static IPAddress Plain(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
