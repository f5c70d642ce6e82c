namespace PSSocket.Core.Packets;

/// <summary>The link-layer header type of a frame; the values are the tcpdump.org LINKTYPE_ numbers pcap files store.</summary>
public enum LinkType
{
    /// <summary>BSD loopback: a 4-byte address family in the byte order of the capturing host.</summary>
    Null = 0,

    /// <summary>Ethernet II, with 802.1Q/802.1ad tags when present.</summary>
    Ethernet = 1,

    /// <summary>Raw IPv4 or IPv6, no link header.</summary>
    RawIP = 101,

    /// <summary>IEEE 802.11 frames without a radio header; read by Get-PacketField only.</summary>
    Ieee80211 = 105,

    /// <summary>OpenBSD loopback: like Null but always big-endian.</summary>
    Loop = 108,

    /// <summary>Linux cooked capture v1 (tcpdump -i any before libpcap 1.10).</summary>
    LinuxSll = 113,

    /// <summary>IEEE 802.11 frames behind a radiotap header (monitor mode); read by Get-PacketField only.</summary>
    Ieee80211Radiotap = 127,

    /// <summary>Linux cooked capture v2 (tcpdump -i any with libpcap 1.10 and later).</summary>
    LinuxSll2 = 276,
}
