using System.Net;

namespace PSSocket.Core.Tests.Support;

/// <summary>
/// A fact about falling back from one address of "localhost" to the next: it means something only
/// where localhost resolves to two addresses or more, and skips with the reason elsewhere.
/// </summary>
public sealed class LocalhostFactAttribute : FactAttribute
{
    public LocalhostFactAttribute()
    {
        IPAddress[] all;
        try
        {
            all = Dns.GetHostAddresses("localhost");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            Skip = $"localhost does not resolve here ({e.SocketErrorCode}): no fallback to test.";
            return;
        }

        if (all.Length < 2)
        {
            Skip = $"localhost resolves to {all.Length} address(es) here ({string.Join(", ", all.Select(a => a.ToString()))}): a fallback to a second one cannot be seen.";
        }
    }
}
