using System.Globalization;
using System.Text.Json;
using PSSocket.Core.Capture;
using PSSocket.Core.Host;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The interface lists and the backend choice, written against the mutants their Stryker run left
/// alive: the .NET list's indexes, MTUs and addresses against ip(8), the lists asked from a thread
/// in another network namespace, the descriptors ListOfThisThread opens, and which backend each
/// platform gets when none is named.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class CaptureInterfacesMutationTests
{
    /// <summary>
    /// The rule of CaptureBackends' documentation: a named backend is what opens; without one Linux
    /// reads AF_PACKET, Windows uses Npcap where it loads and its raw socket otherwise, macOS libpcap.
    /// </summary>
    [Theory]
    [InlineData(CaptureBackend.Pcap, true, false, false, CaptureBackend.Pcap)]
    [InlineData(CaptureBackend.Native, false, false, true, CaptureBackend.Native)]
    [InlineData(CaptureBackend.Native, false, true, true, CaptureBackend.Native)]
    [InlineData(CaptureBackend.Pcap, false, true, false, CaptureBackend.Pcap)]
    [InlineData(null, true, false, true, CaptureBackend.Native)]
    [InlineData(null, true, false, false, CaptureBackend.Native)]
    [InlineData(null, false, true, true, CaptureBackend.Pcap)]
    [InlineData(null, false, true, false, CaptureBackend.Native)]
    [InlineData(null, false, false, true, CaptureBackend.Pcap)]
    [InlineData(null, false, false, false, CaptureBackend.Pcap)]
    public void Each_platform_gets_its_backend_and_a_named_one_wins(CaptureBackend? requested, bool isLinux, bool isWindows, bool pcapLoads, CaptureBackend expected) =>
        Assert.Equal(expected, CaptureBackends.Choose(requested, isLinux, isWindows, pcapLoads));

    /// <summary>
    /// The list Windows gets, run here: each interface ip(8) shows has ip's index and MTU and its
    /// addresses, IPv4 before IPv6 (lo: 127.0.0.1 first, ::1 after).
    /// </summary>
    [PeerFact("ip")]
    public void The_dotnet_list_has_the_index_mtu_and_addresses_ip_shows_ipv4_first()
    {
        var list = CaptureInterfaces.FromNetworkInterfaces(["Native"], LinkType.RawIP);
        var (exit, output, error) = Peer.Run("ip", ["-j", "addr", "show"], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        int compared = 0;
        foreach (var e in json.RootElement.EnumerateArray())
        {
            string name = e.GetProperty("ifname").GetString()!;
            if (name.StartsWith("ps", StringComparison.Ordinal) || list.FirstOrDefault(i => i.Name == name) is not { } ours)
            {
                continue; // other tests' interfaces come and go meanwhile
            }

            compared++;
            Assert.Equal(e.GetProperty("ifindex").GetInt32(), ours.Index);
            Assert.Equal(e.GetProperty("mtu").GetInt32(), ours.Mtu);
            string[] addresses = [.. e.GetProperty("addr_info").EnumerateArray().Select(a => a.GetProperty("local").GetString()!)];
            Assert.Equal(addresses.Order(), ours.Addresses.Select(a => a.Split('%')[0]).Order());
            Assert.Equal(ours.Addresses.OrderBy(a => a.Contains(':', StringComparison.Ordinal)), ours.Addresses); // IPv4 first
        }

        Assert.True(compared >= 1, "lo at least");
        Assert.All(list, i => Assert.Equal(-1, i.HardwareType)); // .NET knows no ARPHRD type
        var lo = Assert.Single(list, i => i.Name == "lo");
        Assert.Equal("127.0.0.1", lo.Addresses[0]);
        Assert.Equal("::1", lo.Addresses[^1]);
    }

    /// <summary>
    /// The Linux list from a thread in a network namespace of the test's own: sysfs still shows this
    /// host's interfaces, .NET's address list is the namespace's, so an interface it has no entry for
    /// gets no addresses (an empty list, never null), and the kernel's own list there is lo and a tun.
    /// </summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void From_another_namespace_the_lists_never_hold_null_and_the_kernels_is_the_namespaces()
    {
        string tag = Random.Shared.Next(0x1000, 0xffff).ToString("x4", CultureInfo.InvariantCulture);
        string ns = "psns" + tag, tun = "pstun" + tag;
        try
        {
            Ip("netns", "add", ns);
            Ip("-n", ns, "tuntap", "add", "dev", tun, "mode", "tun");
            var (sysfs, kernel) = NetworkNamespace.Run(ns, () => (CaptureInterfaces.List(), CaptureInterfaces.ListOfThisThread()));
            Assert.All(sysfs, i => Assert.NotNull(i.Addresses));
            var hostOnly = sysfs.Where(i => i.Name != "lo" && i.Index > 0 && !i.Name.StartsWith("ps", StringComparison.Ordinal)).ToList();
            Assert.All(hostOnly, i => Assert.Empty(i.Addresses));
            Assert.DoesNotContain(sysfs, i => i.Name == tun);
            Assert.Equal(["any", "lo", tun], kernel.Select(i => i.Name));
            Assert.All(kernel, i => Assert.Equal(["Native"], i.Backends)); // libpcap refuses another namespace (NetworkNamespaceNeedsNativeBackend)
            var t = kernel[2];
            Assert.Equal((65534, LinkType.RawIP, null, false, 1500), (t.HardwareType, t.LinkType, t.MacAddress, t.IsUp, t.Mtu));
            Assert.Equal(1, kernel[1].Index); // a new namespace's lo is always index 1
        }
        finally
        {
            _ = Peer.Run("ip", ["netns", "del", ns], TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// "any" in each list is up and not a loopback, as tcpdump -D lists it ("any (Pseudo-device that
    /// captures on all interfaces) [Up, Running]"), and has no index, MTU, MAC or address.
    /// </summary>
    [PeerFact("tcpdump")]
    public void Any_is_up_and_not_a_loopback_as_tcpdump_lists_it()
    {
        var (exit, output, error) = Peer.Run("tcpdump", ["-D"], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, error);
        string line = Assert.Single(output.Split('\n'), l => l.Contains(".any ", StringComparison.Ordinal));
        Assert.Contains("Up", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Loopback", line, StringComparison.Ordinal);
        foreach (var list in new[] { CaptureInterfaces.List(), CaptureInterfaces.ListOfThisThread(), CaptureInterfaces.FromNetworkInterfaces(["Pcap"], LinkType.Ethernet) })
        {
            var any = list[0];
            Assert.Equal(("any", 0, true, false, null, null), (any.Name, any.Index, any.IsUp, any.IsLoopback, any.Mtu, any.MacAddress));
            Assert.Empty(any.Addresses);
        }
    }

    /// <summary>A tun has no link-layer address (ip -j link shows none): the .NET list gives it no MAC, not an empty string.</summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void A_tun_has_no_mac_in_the_dotnet_list()
    {
        string tun = "pstun" + Random.Shared.Next(0x1000, 0xffff).ToString("x4", CultureInfo.InvariantCulture);
        try
        {
            Ip("tuntap", "add", "dev", tun, "mode", "tun");
            var (exit, output, error) = Peer.Run("ip", ["-j", "link", "show", tun], TimeSpan.FromSeconds(10));
            Assert.True(exit == 0, error);
            using var json = JsonDocument.Parse(output);
            Assert.False(json.RootElement[0].TryGetProperty("address", out _));
            var t = Assert.Single(CaptureInterfaces.FromNetworkInterfaces(["Native"], LinkType.RawIP), i => i.Name == tun);
            Assert.Null(t.MacAddress);
        }
        finally
        {
            _ = Peer.Run("ip", ["link", "del", tun], TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>ListOfThisThread's socket is closed each time: a hundred lists leave no descriptor open.</summary>
    [Fact]
    public void Listing_from_the_kernel_leaves_no_descriptor_open()
    {
        int before = Directory.GetFiles("/proc/self/fd").Length;
        for (int i = 0; i < 100; i++)
        {
            Assert.Contains(CaptureInterfaces.ListOfThisThread(), n => n.Name == "lo");
        }

        Assert.InRange(Directory.GetFiles("/proc/self/fd").Length - before, int.MinValue, 20);
    }

    private static void Ip(params string[] arguments)
    {
        var (exit, _, err) = Peer.Run("ip", arguments, TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, $"ip {string.Join(' ', arguments)}: {err}");
    }
}
