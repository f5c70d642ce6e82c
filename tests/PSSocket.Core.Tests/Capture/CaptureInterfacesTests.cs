using System.Globalization;
using System.Text.Json;
using PSSocket.Core.Capture;
using PSSocket.Core.Packets;
using PSSocket.Core.Tests.Support;

namespace PSSocket.Core.Tests.Capture;

/// <summary>
/// The interface list, from /sys/class/net and from the kernel's ioctls, against what ip(8) shows:
/// index, MTU, MAC, up and loopback flags, hardware type, and the link type a capture gets on each
/// type (as libpcap decides for Linux), on lo and on a tun and a dummy interface made for the test.
/// </summary>
[Collection(LiveCapture.Name)]
public sealed class CaptureInterfacesTests
{
    /// <summary>linux/if_arp.h: ARPHRD_ETHER 1, ARPHRD_LOOPBACK 772, ARPHRD_NONE 65534 (tun); others (IPIP 768, SIT 776, CAN 280) are cooked.</summary>
    [Theory]
    [InlineData(1, LinkType.Ethernet, false)]
    [InlineData(772, LinkType.Ethernet, false)]
    [InlineData(65534, LinkType.RawIP, false)]
    [InlineData(768, LinkType.LinuxSll2, true)]
    [InlineData(776, LinkType.LinuxSll2, true)]
    [InlineData(280, LinkType.LinuxSll2, true)]
    [InlineData(0, LinkType.LinuxSll2, true)]
    public void Each_hardware_type_gets_the_link_type_libpcap_gives_it(int hardwareType, LinkType linkType, bool cooked) =>
        Assert.Equal((linkType, cooked), CaptureInterfaces.Framing(hardwareType));

    [PeerFact("ip")]
    public void The_list_is_any_then_what_ip_link_shows_in_index_order()
    {
        var list = CaptureInterfaces.List();
        var any = list[0];
        Assert.Equal(("any", 0, null, null, true, false, -1, LinkType.LinuxSll2), (any.Name, any.Index, any.MacAddress, any.Mtu, any.IsUp, any.IsLoopback, any.HardwareType, any.LinkType));
        Assert.Empty(any.Addresses);
        Assert.Equal(["Native", "Pcap"], any.Backends); // libpcap loads here
        Assert.Equal(list.Select(i => i.Index).Order(), list.Select(i => i.Index));
        int compared = CompareWithIp(list.Skip(1), withAddresses: true);
        Assert.True(compared >= 1, "lo at least");
        var lo = Assert.Single(list, i => i.Name == "lo");
        Assert.Equal(("00:00:00:00:00:00", true, 772, LinkType.Ethernet), (lo.MacAddress, lo.IsLoopback, lo.HardwareType, lo.LinkType));
        Assert.Equal("127.0.0.1", lo.Addresses[0]); // IPv4 first
        Assert.Contains("::1", lo.Addresses);
        Assert.Equal("lo", lo.ToString());
        Assert.Equal(lo.Index, CaptureInterfaces.Find("lo").Index);
    }

    [PeerFact("ip")]
    public void The_list_asked_of_the_kernel_is_the_list_of_sys_class_net()
    {
        var list = CaptureInterfaces.ListOfThisThread();
        Assert.Equal(("any", 0, -1, LinkType.LinuxSll2), (list[0].Name, list[0].Index, list[0].HardwareType, list[0].LinkType));
        Assert.Equal(["Native"], list[0].Backends);
        Assert.Equal(list.Select(i => i.Index).Order(), list.Select(i => i.Index));
        Assert.True(CompareWithIp(list.Skip(1), withAddresses: false) >= 1);
        var lo = Assert.Single(list, i => i.Name == "lo");
        Assert.Equal((true, true, 772, LinkType.Ethernet), (lo.IsUp, lo.IsLoopback, lo.HardwareType, lo.LinkType));
        Assert.Null(lo.MacAddress); // SIOCGIFHWADDR gives ARPHRD_LOOPBACK: no Ethernet address to show
        Assert.Empty(lo.Addresses);
    }

    /// <summary>A tun device (ARPHRD_NONE: raw IP, no MAC) and a veth (Ethernet), down and then up, in both lists.</summary>
    [PeerFact("ip", NeedsRoot = true)]
    public void A_tun_is_raw_ip_without_a_mac_and_a_veth_is_ethernet_in_both_lists()
    {
        string tag = Random.Shared.Next(0x1000, 0xffff).ToString("x4", CultureInfo.InvariantCulture);
        string tun = "pstun" + tag, dummy = "psveth" + tag;
        try
        {
            Ip("tuntap", "add", "dev", tun, "mode", "tun");
            Ip("link", "add", dummy, "mtu", "1400", "type", "veth", "peer", "name", dummy + "p");
            foreach (bool up in new[] { false, true })
            {
                if (up)
                {
                    Ip("link", "set", dummy, "up");
                }

                foreach (var list in new[] { CaptureInterfaces.List(), CaptureInterfaces.ListOfThisThread() })
                {
                    var t = Assert.Single(list, i => i.Name == tun);
                    Assert.Equal((65534, LinkType.RawIP, null, false, false, 1500), (t.HardwareType, t.LinkType, t.MacAddress, t.IsUp, t.IsLoopback, t.Mtu));
                    var d = Assert.Single(list, i => i.Name == dummy);
                    Assert.Equal((1, LinkType.Ethernet, up, false, 1400), (d.HardwareType, d.LinkType, d.IsUp, d.IsLoopback, d.Mtu));
                    Assert.Equal(File.ReadAllText($"/sys/class/net/{dummy}/address").Trim(), d.MacAddress);
                    Assert.Equal(int.Parse(File.ReadAllText($"/sys/class/net/{dummy}/ifindex"), CultureInfo.InvariantCulture), d.Index);
                }
            }

            var e = Assert.Throws<PSSocketException>(() => CaptureInterfaces.Find(tun + "x"));
            Assert.Equal("CaptureInterfaceNotFound", e.ErrorId);
            Assert.Contains(tun + ",", e.Message + ",", StringComparison.Ordinal);
        }
        finally
        {
            _ = Peer.Run("ip", ["link", "del", tun], TimeSpan.FromSeconds(10));
            _ = Peer.Run("ip", ["link", "del", dummy], TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The list for Windows, from .NET's NetworkInterface: any first, then by index, the MACs of Ethernet interfaces as sysfs has them.</summary>
    [Fact]
    public void The_list_from_dotnet_is_any_first_then_by_index_with_the_given_backends()
    {
        var list = CaptureInterfaces.FromNetworkInterfaces(["Pcap"], LinkType.Ethernet);
        Assert.Equal(("any", 0, -1), (list[0].Name, list[0].Index, list[0].HardwareType));
        Assert.All(list, i => Assert.Equal(["Pcap"], i.Backends));
        Assert.All(list, i => Assert.Equal(LinkType.Ethernet, i.LinkType));
        var indexes = list.Select(i => i.Index < 0 ? int.MaxValue : i.Index).ToList();
        Assert.Equal(indexes.Order(), indexes);
        // Interfaces of other tests ("ps..." veths and tuns) come, change and go while this runs: left out.
        foreach (var i in list.Skip(1).Where(i => !i.Name.StartsWith("ps", StringComparison.Ordinal) && File.Exists($"/sys/class/net/{i.Name}/type")))
        {
            string type = File.ReadAllText($"/sys/class/net/{i.Name}/type").Trim();
            string state = File.ReadAllText($"/sys/class/net/{i.Name}/operstate").Trim();
            if (state is "up" or "down")
            {
                Assert.Equal(state == "up", i.IsUp); // .NET's OperationalStatus is the operstate (lo's "unknown" it takes for up)
            }

            Assert.Equal(type == "772", i.IsLoopback);
            if (type == "1")
            {
                Assert.Equal(File.ReadAllText($"/sys/class/net/{i.Name}/address").Trim(), i.MacAddress);
            }
        }
    }

    /// <summary>Each listed interface that ip(8) also shows (others may come and go meanwhile) has ip's index, MTU, flags, type and MAC.</summary>
    private static int CompareWithIp(IEnumerable<CaptureInterface> ours, bool withAddresses)
    {
        var (exit, output, error) = Peer.Run("ip", ["-j", "addr", "show"], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var theirs = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("ifname").GetString()!);
        int compared = 0;
        foreach (var i in ours)
        {
            if (!theirs.TryGetValue(i.Name, out var e) || i.Name.StartsWith("ps", StringComparison.Ordinal)) // other tests' interfaces change meanwhile
            {
                continue;
            }

            compared++;
            string[] flags = [.. e.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!)];
            string linkType = e.GetProperty("link_type").GetString()!;
            Assert.Equal(e.GetProperty("ifindex").GetInt32(), i.Index);
            Assert.Equal(e.GetProperty("mtu").GetInt32(), i.Mtu);
            Assert.Equal(flags.Contains("UP"), i.IsUp);
            Assert.Equal(flags.Contains("LOOPBACK"), i.IsLoopback);
            int? type = linkType switch { "ether" => 1, "loopback" => 772, "none" => 65534, _ => null };
            if (type is { } t)
            {
                Assert.Equal(t, i.HardwareType);
            }

            if (linkType == "ether")
            {
                Assert.Equal(e.GetProperty("address").GetString(), i.MacAddress);
            }

            if (withAddresses)
            {
                string[] addresses = [.. e.GetProperty("addr_info").EnumerateArray().Select(a => a.GetProperty("local").GetString()!)];
                Assert.Equal(addresses.Order(), i.Addresses.Select(a => a.Split('%')[0]).Order());
            }
        }

        return compared;
    }

    private static void Ip(params string[] arguments)
    {
        var (exit, _, err) = Peer.Run("ip", arguments, TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, $"ip {string.Join(' ', arguments)}: {err}");
    }
}
