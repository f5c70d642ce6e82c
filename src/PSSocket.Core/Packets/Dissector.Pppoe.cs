using System.Globalization;
using System.Text;
using Pdn = PacketDotNet;

namespace PSSocket.Core.Packets;

/// <summary>PPPoE (RFC 2516), where PacketDotNet 1.4.8 misreads the session stage's code and does not read the discovery stage.</summary>
public static partial class Dissector
{
    private const string PppoeDiscoveryLayer = "PppoeDiscovery";
    private const int PppoeHeader = 6;
    private const int TagHeader = 4;

    private static bool IsPppoeDiscovery(Pdn.Packet layer) => layer switch
    {
        Pdn.EthernetPacket ethernet => ethernet.Type == Pdn.EthernetType.PppoeDiscoveryStage,
        Pdn.Ieee8021QPacket tag => tag.Type == Pdn.EthernetType.PppoeDiscoveryStage,
        _ => false,
    };

    /// <summary>
    /// The CODE byte (RFC 2516 4), by PacketDotNet's names where it has one. PacketDotNet 1.4.8's
    /// PppoePacket.Code reads 16 bits from that offset, taking in the session ID's first byte.
    /// </summary>
    private static string PppoeCode(byte code) => code switch
    {
        0x19 => "ActiveDiscoveryRequest",
        0x65 => "ActiveDiscoverySessionConfirmation",
        _ when Enum.IsDefined((Pdn.PppoeCode)code) => ((Pdn.PppoeCode)code).ToString(),
        _ => code.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The discovery stage's header and its TAGs (RFC 2516 4 and appendix A), one row each.</summary>
    private static void PppoeDiscovery(byte[] frame, int offset, long number, bool snapped, List<PacketField> rows)
    {
        int available = Math.Max(0, frame.Length - offset);
        if (available < PppoeHeader)
        {
            rows.Add(Truncated(number, PppoeDiscoveryLayer, available, PppoeHeader, snapped));
            return;
        }

        var header = frame.AsSpan(offset);
        int length = (header[4] << 8) | header[5];
        Row("Version", (header[0] >> 4).ToString(CultureInfo.InvariantCulture));
        Row("Type", (header[0] & 0x0F).ToString(CultureInfo.InvariantCulture));
        Row("Code", PppoeCode(header[1]));
        Row("SessionId", ((header[2] << 8) | header[3]).ToString(CultureInfo.InvariantCulture));
        Row("Length", length.ToString(CultureInfo.InvariantCulture));

        int end = Math.Min(PppoeHeader + length, available);
        int at = PppoeHeader;
        bool runsPast = false;

        // At most 64 TAGs are listed, as at most 64 DHCP options and LLDP TLVs are.
        for (int tags = 0; at + TagHeader <= end && tags < MaximumItems * 4; tags++)
        {
            int type = (header[at] << 8) | header[at + 1];
            int tagLength = (header[at + 2] << 8) | header[at + 3];
            if (at + TagHeader + tagLength > end)
            {
                runsPast = true;
                break;
            }

            Row("Tag." + TagName(type), TagValue(type, header.Slice(at + TagHeader, tagLength)));
            at += TagHeader + tagLength;
            if (type == 0)
            {
                // End-Of-List: no TAGs follow (RFC 2516 appendix A).
                return;
            }
        }

        if (PppoeHeader + length > available)
        {
            rows.Add(Truncated(number, PppoeDiscoveryLayer, available, PppoeHeader + length, snapped));
        }
        else if (runsPast)
        {
            rows.Add(new PacketField(number, PppoeDiscoveryLayer, ErrorField, $"the TAG at byte {offset + at} runs past the PPPoE payload's Length of {length}"));
        }

        void Row(string name, string value) => rows.Add(new PacketField(number, PppoeDiscoveryLayer, name, value));
    }

    private static string TagName(int type) => type switch
    {
        0x0000 => "EndOfList",
        0x0101 => "ServiceName",
        0x0102 => "AcName",
        0x0103 => "HostUniq",
        0x0104 => "AcCookie",
        0x0105 => "VendorSpecific",
        0x0110 => "RelaySessionId",
        0x0201 => "ServiceNameError",
        0x0202 => "AcSystemError",
        0x0203 => "GenericError",
        _ => "0x" + type.ToString("X4", CultureInfo.InvariantCulture),
    };

    /// <summary>The TAGs RFC 2516 defines as UTF-8 strings as text; the others in hex.</summary>
    private static string TagValue(int type, ReadOnlySpan<byte> value) =>
        type is 0x0101 or 0x0102 or 0x0201 or 0x0202 or 0x0203 ? Encoding.UTF8.GetString(value) : Convert.ToHexString(value);
}
