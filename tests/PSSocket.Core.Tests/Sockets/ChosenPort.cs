using System.Net;
using System.Net.Sockets;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// For the few tests of a caller-chosen port (a local or source port): a port that was free a
/// moment ago can be taken by another process before the code under test binds it, so the test
/// tries again with another one instead of failing on someone else's bind.
/// </summary>
internal static class ChosenPort
{
    public static async Task<T> UseAsync<T>(AddressFamily family, Func<int, Task<T>> use)
    {
        for (int attempt = 1; ; attempt++)
        {
            int port;
            using (var probe = new Socket(family, SocketType.Dgram, ProtocolType.Udp))
            {
                probe.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
                port = ((IPEndPoint)probe.LocalEndPoint!).Port;
            }

            try
            {
                return await use(port);
            }
            catch (PSSocketException e) when (e.ErrorId == "AddressAlreadyInUse" && attempt < 5)
            {
                // taken meanwhile: another port
            }
        }
    }
}
