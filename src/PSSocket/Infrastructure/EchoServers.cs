using PSSocket.Core.Sockets;

namespace PSSocket.Infrastructure;

/// <summary>The echo servers running in this session, shared by Start-, Get- and Stop-EchoServer.</summary>
internal static class EchoServers
{
    public static EchoServerRegistry Running { get; } = new();
}
