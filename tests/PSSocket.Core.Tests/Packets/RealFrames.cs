namespace PSSocket.Core.Tests.Packets;

/// <summary>Frames captured with tcpdump on this machine's loopback (tcpdump -i lo / -i any -w), as tshark dissected them.</summary>
internal static class RealFrames
{
    /// <summary>tshark: 58880 → 47123 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=2920323857 TSecr=0 WS=1024; TCP checksum 0xfe30 bad (lo offload), IP checksum good.</summary>
    public static readonly byte[] TcpSyn = Convert.FromHexString(
        "00000000000000000000000008004500003c41f040004006fac97f0000017f000001e600b8139cdfb80f00000000a002ffd7fe3000000204ffd70402080aae109b11000000000103030a");

    /// <summary>tshark: 58880 → 47123 [PSH, ACK] Seq=1 Ack=1 Win=65536 Len=4 ("hi!\n").</summary>
    public static readonly byte[] TcpData = Convert.FromHexString(
        "00000000000000000000000008004500003841f240004006facb7f0000017f000001e600b8139cdfb81099976a9680180040fe2c00000101080aae109b11883d796c6869210a");

    /// <summary>tshark: Echo (ping) request id=0x5872, seq=1/256, ttl=64; checksums good.</summary>
    public static readonly byte[] IcmpEchoRequest = Convert.FromHexString(
        "000000000000000000000000080045000054a78d4000400195197f0000017f0000010800f56458720001e93c026b00000000f1ac0e0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637");

    /// <summary>tshark: ::1 → ::1 ICMPv6 Echo (ping) request id=0x5873, seq=1, hop limit=64; checksum good.</summary>
    public static readonly byte[] IcmpV6EchoRequest = Convert.FromHexString(
        "00000000000000000000000086dd6000cee800403a4000000000000000000000000000000001000000000000000000000000000000018000fcbc58730001e93c026b0000000071d70e0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637");

    /// <summary>Linux cooked v2 (tcpdump -i any): ::1 → ::1 UDP 51979 → 47124 Len=3 "abc", checksum 0x001e bad (tshark: should be 0xb853), ifindex 1.</summary>
    public static readonly byte[] Sll2Udp6 = Convert.FromHexString(
        "86dd000000000001030400060000000000000000600767b5000b11400000000000000000000000000000000100000000000000000000000000000001cb0bb814000b001e616263");
}
