using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace PSSocket.Core.Packets;

/// <summary>An ARP message (RFC 826).</summary>
public sealed class ArpPacket
{
    private ArpPacket()
    {
    }

    /// <summary>1 for Ethernet.</summary>
    public int? HardwareType { get; private init; }

    /// <summary>0x0800 for IPv4.</summary>
    public ushort? ProtocolType { get; private init; }

    public int? HardwareSize { get; private init; }

    public int? ProtocolSize { get; private init; }

    /// <summary>1 request, 2 reply.</summary>
    public int? Operation { get; private init; }

    public string? OperationName => Operation switch { null => null, 1 => "request", 2 => "reply", 3 => "reverse request", 4 => "reverse reply", _ => "unknown" };

    public string? SenderHardwareAddress { get; private init; }

    /// <summary>The sender's protocol address as text (an IPv4 address for IPv4 ARP, hex otherwise).</summary>
    public string? SenderProtocolAddress { get; private init; }

    public string? TargetHardwareAddress { get; private init; }

    public string? TargetProtocolAddress { get; private init; }

    public PacketProblems Problems { get; private init; }

    internal static ArpPacket Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            return new ArpPacket { Problems = PacketProblems.Truncated };
        }

        int hs = bytes[4], ps = bytes[5];
        var arp = new ArpPacket
        {
            HardwareType = BinaryPrimitives.ReadUInt16BigEndian(bytes),
            ProtocolType = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]),
            HardwareSize = hs,
            ProtocolSize = ps,
            Operation = BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]),
            Problems = bytes.Length < 8 + (2 * (hs + ps)) ? PacketProblems.Truncated : PacketProblems.None,
        };
        if (arp.Problems != PacketProblems.None)
        {
            return arp;
        }

        return new ArpPacket
        {
            HardwareType = arp.HardwareType,
            ProtocolType = arp.ProtocolType,
            HardwareSize = hs,
            ProtocolSize = ps,
            Operation = arp.Operation,
            SenderHardwareAddress = MacAddress.Format(bytes.Slice(8, hs)),
            SenderProtocolAddress = ProtocolAddress(bytes.Slice(8 + hs, ps)),
            TargetHardwareAddress = MacAddress.Format(bytes.Slice(8 + hs + ps, hs)),
            TargetProtocolAddress = ProtocolAddress(bytes.Slice(8 + hs + ps + hs, ps)),
        };
    }

    private static string ProtocolAddress(ReadOnlySpan<byte> bytes) =>
        bytes.Length is 4 or 16 ? new IPAddress(bytes).ToString() : Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>Wireshark's Info text for ARP.</summary>
    public override string ToString() => Operation switch
    {
        1 when SenderProtocolAddress == TargetProtocolAddress => string.Create(CultureInfo.InvariantCulture, $"ARP Announcement for {SenderProtocolAddress}"),
        1 => $"Who has {TargetProtocolAddress}? Tell {SenderProtocolAddress}",
        2 => $"{SenderProtocolAddress} is at {SenderHardwareAddress}",
        _ => "ARP " + OperationName,
    };
}
