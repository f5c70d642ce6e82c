using Pdn = PacketDotNet;

namespace PSSocket.Core.Packets;

/// <summary>The inputs on which a PacketDotNet 1.4.8 property would never return, checked before it is read.</summary>
public static partial class Dissector
{
    /// <summary>
    /// Why PacketDotNet 1.4.8 must not be asked for this property of this layer, or null when it may.
    /// Each case is a loop of its parsers whose step is a length byte or word from the frame, so a
    /// length of 0 repeats the same step forever, adding an item to a list each time (found by
    /// reading its source; each has a test in DissectorTests). The walks here mirror those loops
    /// with every step at least one byte long, so they end within the frame.
    /// </summary>
    private static string? Unsafe(Pdn.Packet layer, string property, byte[] frame) => (layer, property) switch
    {
        (Pdn.TcpPacket tcp, "OptionsCollection") => ZeroLengthTcpOption(tcp.OptionsSegment),
        (_, "OptionsCollection") when NdpOptions(layer) is { } options => ZeroLengthNdpOption(options),
        (Pdn.DrdaPacket drda, "DrdaDdmPackets") => ZeroLengthDdm(drda.HeaderSegment),
        (Pdn.OspfV2LinkStateUpdatePacket update, "Updates") => ShortLsa(update, frame),
        _ => null,
    };

    /// <summary>
    /// TcpPacket.ParseOptions steps by each option's length byte (1 for End of Option List and No-Operation)
    /// and reads on past End of Option List, where RFC 9293 3.2 says the options end: a length of 0
    /// anywhere in the header's option bytes, even after End of Option List, never ends it.
    /// </summary>
    private static string? ZeroLengthTcpOption(Pdn.Utils.ByteArraySegment options)
    {
        int end = options.Offset + options.Length;
        for (int at = options.Offset; at < end && at < options.Bytes.Length - 1; )
        {
            byte kind = options.Bytes[at];
            int length = kind is 0 or 1 ? 1 : options.Bytes[at + 1];
            if (length == 0)
            {
                return $"the TCP option at byte {at} (kind {kind}) has length 0, where RFC 9293 3.2 says at least 2 (PacketDotNet 1.4.8 would read it forever)";
            }

            at += length;
        }

        return null;
    }

    private static Pdn.Utils.ByteArraySegment? NdpOptions(Pdn.Packet layer) => layer switch
    {
        Pdn.NdpNeighborSolicitationPacket p => p.OptionsSegment,
        Pdn.NdpNeighborAdvertisementPacket p => p.OptionsSegment,
        Pdn.NdpRouterSolicitationPacket p => p.OptionsSegment,
        Pdn.NdpRouterAdvertisementPacket p => p.OptionsSegment,
        Pdn.NdpRedirectMessagePacket p => p.OptionsSegment,
        _ => null,
    };

    /// <summary>NdpPacket.ParseOptions steps by the option's length in units of 8 bytes.</summary>
    private static string? ZeroLengthNdpOption(Pdn.Utils.ByteArraySegment options)
    {
        int end = options.Offset + options.Length;
        for (int at = options.Offset; at < end && at < options.Bytes.Length - 1; at += options.Bytes[at + 1] * 8)
        {
            if (options.Bytes[at + 1] == 0)
            {
                return $"the NDP option at byte {at} has length 0, for which RFC 4861 4.6 discards the packet (PacketDotNet 1.4.8 would read it forever)";
            }
        }

        return null;
    }

    /// <summary>
    /// DrdaPacket.DrdaDdmPackets steps by each DDM's 16-bit length, to the end of the frame's bytes.
    /// PacketDotNet 1.4.8 reads 16-bit fields without checking their second byte is in the array,
    /// so a length that starts on the frame's last byte is partly whatever memory follows it.
    /// </summary>
    private static string? ZeroLengthDdm(Pdn.Utils.ByteArraySegment header)
    {
        int end = Math.Min(header.BytesLength, header.Bytes.Length);
        for (int at = header.Offset; at < end; )
        {
            if (at + 1 >= header.Bytes.Length)
            {
                return $"the length of the DRDA DDM at byte {at} runs past the frame's end";
            }

            int length = (header.Bytes[at] << 8) | header.Bytes[at + 1];
            if (length == 0)
            {
                return $"the DRDA DDM at byte {at} has length 0 (PacketDotNet 1.4.8 would read it forever)";
            }

            at += length;
        }

        return null;
    }

    /// <summary>
    /// OspfV2LinkStateUpdatePacket.Updates reads as many LSAs as the packet's 32-bit count says,
    /// stepping by each LSA's length (RFC 2328 A.3.5, A.4.1): a length of 0 repeats one LSA up to
    /// 4 billion times. A length below the 20-byte LSA header is malformed in any case.
    /// </summary>
    private static string? ShortLsa(Pdn.OspfV2LinkStateUpdatePacket update, byte[] frame)
    {
        const int OspfHeader = 24, CountLength = 4, LsaHeader = 20, LengthAt = 18;
        uint count = update.LsaNumber;
        int at = update.HeaderSegment.Offset + OspfHeader + CountLength;
        for (uint i = 0; i < count; i++)
        {
            if (at + LengthAt >= frame.Length)
            {
                // PacketDotNet throws reading this LSA's type or the first byte of its length: the loop ends.
                return null;
            }

            if (at + LengthAt + 1 >= frame.Length)
            {
                // It reads the length's second byte from past the array (see ZeroLengthDdm): any value, 0 too.
                return $"the length of the LSA at byte {at} runs past the frame's end";
            }

            int length = (frame[at + LengthAt] << 8) | frame[at + LengthAt + 1];
            if (length < LsaHeader)
            {
                return $"the LSA at byte {at} says it is {length} bytes long, less than its 20-byte header (RFC 2328 A.4.1; PacketDotNet 1.4.8 would loop on it)";
            }

            at += length;
        }

        return null;
    }
}
