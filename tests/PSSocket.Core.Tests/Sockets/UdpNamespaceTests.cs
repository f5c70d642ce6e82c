using System.Net;
using System.Net.Sockets;
using System.Text;
using PSSocket.Core.Host;
using PSSocket.Core.Sockets;
using PSSocket.TestSupport;
using static PSSocket.Core.Tests.Sockets.Loopback;

namespace PSSocket.Core.Tests.Sockets;

/// <summary>
/// UDP binding on systems unlike this one, each made as a network namespace of the test's own
/// (`ip netns add`, its loopback up, its own sysctls, deleted afterwards): no IPv6, and an ephemeral
/// port range of one or two ports, so the port-0 retry of a bind on both loopbacks is forced instead
/// of left to chance. They run alone because one counts the process's descriptors.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class UdpNamespaceTests : IDisposable
{
    private const int Low = 40_000;

    private readonly string _name = "pssocket-u" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose()
    {
        if (File.Exists(NetworkNamespace.PathOf(_name)))
        {
            _ = Peer.Run("ip", ["netns", "delete", _name]);
        }
    }

    /// <summary>
    /// With IPv6 disabled (no ::1, as `ip -6 addr` shows), "both loopbacks" is the IPv4 loopback
    /// alone; ::1 asked for by itself, or first, is still an error.
    /// </summary>
    [PeerFact("ip", "sysctl", NeedsRoot = true)]
    public Task Without_IPv6_both_loopbacks_is_the_IPv4_loopback_alone() => Bounded(async () =>
    {
        Make("net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1", "net.ipv6.conf.lo.disable_ipv6=1");
        Assert.DoesNotContain("::1", Peer.Run("ip", ["-n", _name, "-6", "addr", "show", "dev", "lo"]).Out, StringComparison.Ordinal);
        using UdpEndpoint both = Inside(() => UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.IPv6Loopback], 0));
        int port = both.Local.Port;
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, port)], both.Locals);
        Assert.Equal($"127.0.0.1:{port}", both.Target);
        using UdpEndpoint client = Inside(() => UdpEndpoint.Bind(IPAddress.Loopback, 0));
        await client.SendToAsync("four"u8.ToArray(), both.Local, default);
        Assert.Equal("four", (await both.ReceiveAsync(Short, Encoding.ASCII, default)).Text);

        // The ::1 socket that could not bind is closed, not left open: five binds and closes leave no descriptor behind.
        int before = OpenDescriptors();
        for (int i = 0; i < 5; i++)
        {
            Inside(() => UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.IPv6Loopback], 0)).Dispose();
        }

        Assert.Equal(before, OpenDescriptors());
        // ::1 is left out only beside an address already bound: alone, or listed first (what picks the port), it is an error.
        var alone = Assert.Throws<PSSocketException>(() => Inside(() => UdpEndpoint.Bind(IPAddress.IPv6Loopback, 0)));
        Assert.Equal(("AddressNotAvailable", "[::1]:0"), (alone.ErrorId, alone.Target));
        var first = Assert.Throws<PSSocketException>(() => Inside(() => UdpEndpoint.Bind([IPAddress.IPv6Loopback, IPAddress.Loopback], 0)));
        Assert.Equal(("AddressNotAvailable", "[::1]:0"), (first.ErrorId, first.Target));
    });

    /// <summary>
    /// Ephemeral ports 40000-40001 only, 40000 held on ::1: a port-0 bind on both loopbacks that
    /// gets 40000 for 127.0.0.1 must try again, and ends on 40001 every time (the kernel picks at
    /// random, so without the retry about half of these binds fail).
    /// </summary>
    [PeerFact("ip", "sysctl", NeedsRoot = true)]
    public async Task A_port_0_bind_on_both_loopbacks_tries_again_until_a_port_is_free_on_both()
    {
        Make($"net.ipv4.ip_local_port_range={Low} {Low + 1}");
        using Socket held = Inside(() => HoldOnIPv6Loopback(Low));
        for (int i = 0; i < 12; i++)
        {
            using UdpEndpoint both = await InsideBoundedAsync(() => UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.IPv6Loopback], 0));
            Assert.Equal([new IPEndPoint(IPAddress.Loopback, Low + 1), new IPEndPoint(IPAddress.IPv6Loopback, Low + 1)], both.Locals);
        }
    }

    /// <summary>
    /// One ephemeral port, held on ::1: a port-0 bind on both loopbacks gives up after its tries,
    /// naming the address where the port was taken, and leaves 127.0.0.1's side of the port free.
    /// </summary>
    [PeerFact("ip", "sysctl", NeedsRoot = true)]
    public async Task A_port_0_bind_gives_up_when_no_port_is_free_on_both_loopbacks()
    {
        Make($"net.ipv4.ip_local_port_range={Low} {Low}");
        using Socket held = Inside(() => HoldOnIPv6Loopback(Low));
        var e = await Assert.ThrowsAsync<PSSocketException>(() => InsideBoundedAsync(() => UdpEndpoint.Bind([IPAddress.Loopback, IPAddress.IPv6Loopback], 0)));
        Assert.Equal(("AddressAlreadyInUse", $"[::1]:{Low}"), (e.ErrorId, e.Target));
        using UdpEndpoint again = Inside(() => UdpEndpoint.Bind(IPAddress.Loopback, Low));
        Assert.Equal(Low, again.Local.Port);
    }

    private static Socket HoldOnIPv6Loopback(int port)
    {
        var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
        return socket;
    }

    /// <summary>Makes the namespace with <paramref name="sysctls"/> set, then its loopback up.</summary>
    private void Make(params string[] sysctls)
    {
        Assert.Equal(0, Peer.Run("ip", ["netns", "add", _name]).Exit);
        foreach (string setting in sysctls)
        {
            var set = Peer.Run("ip", ["netns", "exec", _name, "sysctl", "-w", setting]);
            Assert.True(set.Exit == 0, set.Err);
        }

        Assert.Equal(0, Peer.Run("ip", ["-n", _name, "link", "set", "lo", "up"]).Exit);
    }

    /// <summary>What <paramref name="work"/> creates stays in the namespace after its thread ends.</summary>
    private T Inside<T>(Func<T> work) => NetworkNamespace.Run(_name, work);

    /// <summary>As <see cref="Inside"/>, but a bind that never returns fails the test instead of hanging it.</summary>
    private Task<T> InsideBoundedAsync<T>(Func<T> work) => Task.Run(() => Inside(work)).WaitAsync(TimeSpan.FromSeconds(10));
}
