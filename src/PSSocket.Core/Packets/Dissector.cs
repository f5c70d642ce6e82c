using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Reflection;
using Pdn = PacketDotNet;

namespace PSSocket.Core.Packets;

/// <summary>One field of one layer, as <see cref="Dissector"/> reads it.</summary>
public sealed class PacketField
{
    internal PacketField(long number, string layer, string name, string value)
    {
        Number = number;
        Layer = layer;
        Name = name;
        Value = value;
    }

    /// <summary>The packet's number in its capture.</summary>
    public long Number { get; }

    /// <summary>The layer, as PacketDotNet names it without "Packet" (Ethernet, IPv4, Udp, DhcpV4, IgmpV2...).</summary>
    public string Layer { get; }

    /// <summary>The field, as PacketDotNet's property names it.</summary>
    public string Name { get; }

    /// <summary>The value as text: addresses in their usual notation, bytes as hex, enumerations by name.</summary>
    public string Value { get; }

    public override string ToString() => $"{Layer}.{Name} = {Value}";
}

/// <summary>
/// Every field of every layer PacketDotNet 1.4.8 finds in a frame, as name/value rows.
/// PacketDotNet is here for breadth: it knows DHCP, LLDP, IGMP, NDP, 802.1Q, PPPoE, 802.11 and
/// radiotap, which our decoders do not. It stays off the hot path (capture, Import-Pcap, the packet
/// objects): on one file our decoders were measured 3-5x faster than its ParsePacket (issue 12; see
/// tests/PSSocket.Core.Tests/Packets/PacketDotNetOracleTests.cs), and that oracle found it throwing
/// where ours reports a problem and goes on, so here every call into it is guarded and a failure
/// becomes a row.
/// </summary>
public static class Dissector
{
    /// <summary>The name of the row that stands for a layer or a field PacketDotNet could not read.</summary>
    public const string ErrorField = "(error)";

    private const int MaximumLayers = 32;
    private const int MaximumItems = 16;

    /// <summary>Properties that are the plumbing between layers or repeat the frame's bytes, not fields.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "Bytes", "BytesSegment", "HeaderData", "HeaderDataSegment", "HeaderSegment", "PayloadDataSegment", "PayloadPacket",
        "ParentPacket", "HasPayloadData", "HasPayloadPacket", "IsPayloadInitialized", "Color", "TotalPacketLength",
        "PayloadData",
    };

    /// <summary>The rows of <paramref name="packet"/>; never throws on any bytes.</summary>
    public static IReadOnlyList<PacketField> Dissect(Packet packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return Dissect(packet.Data, packet.LinkType, packet.Number);
    }

    /// <summary>The rows of a frame whose first byte is a <paramref name="linkType"/> header.</summary>
    public static IReadOnlyList<PacketField> Dissect(byte[] frame, LinkType linkType, long number = 0)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var rows = new List<PacketField>();
        Pdn.Packet? layer;
        try
        {
            // Our LinkType values are the pcap link-layer numbers, as are PacketDotNet's.
            layer = Pdn.Packet.ParsePacket((Pdn.LinkLayers)(int)linkType, frame);
        }
#pragma warning disable CA1031 // whatever PacketDotNet throws on these bytes is reported as a row
        catch (Exception e)
#pragma warning restore CA1031
        {
            rows.Add(new PacketField(number, linkType.ToString(), ErrorField, Reason(e)));
            return rows;
        }

        for (int depth = 0; layer is not null && depth < MaximumLayers; depth++)
        {
            string name = LayerName(layer);
            int before = rows.Count;
            try
            {
                Fields(layer, name, number, rows, () => TcpOptions(frame, linkType));
            }
#pragma warning disable CA1031 // as above: a layer PacketDotNet cannot read is one row
            catch (Exception e)
#pragma warning restore CA1031
            {
                rows.RemoveRange(before, rows.Count - before);
                rows.Add(new PacketField(number, name, ErrorField, Reason(e)));
                break;
            }

            try
            {
                layer = layer.PayloadPacket;
            }
#pragma warning disable CA1031 // PacketDotNet parses the next layer lazily, here
            catch (Exception e)
#pragma warning restore CA1031
            {
                rows.Add(new PacketField(number, "Payload", ErrorField, Reason(e)));
                break;
            }
        }

        return rows;
    }

    /// <summary>Whether our decoder found the frame's TCP options well formed; null when the header has none.</summary>
    private static bool? TcpOptions(byte[] frame, LinkType linkType)
    {
        var ours = new Packet(0, 0, null, linkType, frame.Length, frame, null);
        if (ours.Tcp is null
            || (ours.Problems & (PacketProblems.Truncated | PacketProblems.BadDataOffset | PacketProblems.LengthMismatch | PacketProblems.BadOptions)) != 0)
        {
            return false;
        }

        return ours.Tcp.DataOffset > 5 ? true : null;
    }

    private static string LayerName(Pdn.Packet layer)
    {
        string name = layer.GetType().Name;
        return name.Length > "Packet".Length && name.EndsWith("Packet", StringComparison.Ordinal) ? name[..^"Packet".Length] : name;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075",
        Justification = "A property a trimmer removed is only not listed; the module is not trimmed.")]
    private static void Fields(Pdn.Packet layer, string layerName, long number, List<PacketField> rows, Func<bool?> tcpOptions)
    {
        var properties = layer.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var property in properties.OrderBy(p => p.MetadataToken))
        {
            if (Skipped.Contains(property.Name) || property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true })
            {
                continue;
            }

            string value;
            bool? wellFormed = layer is Pdn.TcpPacket && property.Name == "OptionsCollection" ? tcpOptions() : true;
            if (wellFormed is null)
            {
                // PacketDotNet 1.4.8 throws here for a header without options.
                rows.Add(new PacketField(number, layerName, property.Name, string.Empty));
                continue;
            }

            if (wellFormed == false)
            {
                // PacketDotNet 1.4.8 never returns from this on an option whose length byte is 0
                // (found by PacketDotNetOracleTests' mutated frames), so it is read only where ours
                // found the options well formed.
                rows.Add(new PacketField(number, layerName, property.Name,
                    $"{ErrorField} not read: the TCP options are malformed or not where our decoder finds TCP"));
                continue;
            }

            try
            {
                value = Format(property.GetValue(layer));
            }
            catch (TargetInvocationException e)
            {
                value = $"{ErrorField} {Reason(e.InnerException ?? e)}";
            }

            rows.Add(new PacketField(number, layerName, property.Name, value));
        }

        if (layer is Pdn.DhcpV4Packet dhcp)
        {
            foreach (var option in dhcp.GetOptions().Take(MaximumItems * 4))
            {
                rows.Add(new PacketField(number, layerName, "Option." + option.OptionType, OptionValue(option)));
            }
        }
    }

    private static string OptionValue(Pdn.DhcpV4.DhcpV4Option option)
    {
        string text = option.ToString() ?? string.Empty;
        return text == option.GetType().FullName ? Format(option.Data) : text;
    }

    /// <summary>A value as a student reads it in Wireshark: addresses in their notation, bytes in hex, enums by name.</summary>
    internal static string Format(object? value) => Format(value, nested: false);

    private static string Format(object? value, bool nested) => value switch
    {
        null => string.Empty,
        byte[] bytes => Convert.ToHexString(bytes),
        PacketDotNet.Utils.ByteArraySegment segment => Convert.ToHexString(segment.ActualBytes()),
        IPAddress address => address.ToString(),
        PhysicalAddress mac => Mac(mac.GetAddressBytes()),
        Enum e => e.ToString(),
        bool b => b ? "True" : "False",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => s,
        Pdn.Packet => string.Empty,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Take(MaximumItems + 1).Select((item, i) => i < MaximumItems ? Format(item, nested) : "...")) + "]",
        _ when !nested && value.ToString() == value.GetType().FullName => Members(value),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>An object without a text form of its own (an NDP option, an LLDP TLV) as Type(Name=value, ...), one level deep.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075",
        Justification = "A property a trimmer removed is only not listed; the module is not trimmed.")]
    private static string Members(object value)
    {
        var members = value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true } && !Skipped.Contains(p.Name) && p.Name is not ("Data" or "Bytes"))
            .OrderBy(p => p.MetadataToken)
            .Select(p =>
            {
                try
                {
                    return $"{p.Name}={Format(p.GetValue(value), nested: true)}";
                }
                catch (TargetInvocationException e)
                {
                    return $"{p.Name}={ErrorField} {(e.InnerException ?? e).Message}";
                }
            });
        return $"{value.GetType().Name}({string.Join(", ", members)})";
    }

    private static string Mac(byte[] bytes) => string.Join(':', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));

    private static string Reason(Exception e) => $"PacketDotNet could not read this: {e.GetType().Name}: {e.Message}";
}
