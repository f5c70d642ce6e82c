using System.Net;
using PSSocket.Core.Sockets;
using PSSocket.Core.Tests.Support;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>A UDP socket that fails to bind or connect is closed on the way out (counting /proc/self/fd needs the process alone).</summary>
[Collection(nameof(RunsAlone))]
public class UdpDescriptorTests
{
    /// <summary>
    /// 192.0.2.1 is TEST-NET-1 (RFC 5737, on no interface): its bind fails; Linux refuses connect()
    /// to the broadcast address without SO_BROADCAST. Ten of each leave the descriptor count as it was.
    /// </summary>
    [LinuxFact]
    public void A_failed_bind_or_connect_leaves_no_descriptor_open()
    {
        int before = OpenDescriptors();
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal("AddressNotAvailable", Assert.Throws<PSSocketException>(() => UdpEndpoint.Bind(IPAddress.Parse("192.0.2.1"), 0)).ErrorId);
            Assert.Equal("AccessDenied", Assert.Throws<PSSocketException>(() => UdpEndpoint.Connect(new IPEndPoint(IPAddress.Broadcast, 9), 0)).ErrorId);
        }

        Assert.Equal(before, OpenDescriptors());
    }
}
