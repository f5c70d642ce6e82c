using PSSocket.Core.Packets;

namespace PSSocket.Core.Capture;

/// <summary>A network interface as a capture sees it: what -Interface takes and what its frames will look like.</summary>
public sealed class CaptureInterface
{
    internal CaptureInterface(string name, int index, string? macAddress, IReadOnlyList<string> addresses, int? mtu, bool isUp, bool isLoopback, int hardwareType, LinkType linkType, IReadOnlyList<string> backends)
    {
        Name = name;
        Index = index;
        MacAddress = macAddress;
        Addresses = addresses;
        Mtu = mtu;
        IsUp = isUp;
        IsLoopback = isLoopback;
        HardwareType = hardwareType;
        LinkType = linkType;
        Backends = backends;
    }

    public string Name { get; }

    /// <summary>The kernel's interface index (0 for "any").</summary>
    public int Index { get; }

    public string? MacAddress { get; }

    /// <summary>IPv4 and IPv6 addresses, IPv6 with their scope where they have one.</summary>
    public IReadOnlyList<string> Addresses { get; }

    public int? Mtu { get; }

    public bool IsUp { get; }

    public bool IsLoopback { get; }

    /// <summary>The ARPHRD_ type (1 Ethernet, 772 loopback, 65534 none/tun...); -1 for "any".</summary>
    public int HardwareType { get; }

    /// <summary>The link type of the frames a capture on this interface produces (and writes to pcap).</summary>
    public LinkType LinkType { get; }

    /// <summary>The backends that can capture here ("Native": AF_PACKET; "Pcap" where libpcap loads).</summary>
    public IReadOnlyList<string> Backends { get; }

    public override string ToString() => Name;
}
