using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Reflection;
using System.Text;
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
/// <remarks>
/// Termination: a call into PacketDotNet cannot be cancelled, and abandoning it on a timeout would
/// leave its thread spinning (.NET has no thread abort), so there is no timeout here. Instead the
/// loops of PacketDotNet 1.4.8's parsers reachable from ParsePacket and the properties read here
/// were read (issue 12): each steps at least one byte through the frame, and so stops or throws at
/// its end, or counts to a number the frame's 16-bit fields bound, except four whose step is a
/// length from the frame that can be 0 (TCP and NDP options, DRDA DDMs, OSPF LSAs); those are
/// walked first (<see cref="Unsafe"/>). PacketDotNet also reads 16-64-bit fields without checking
/// that their last byte is in the array, so a length on a frame's last byte is partly whatever
/// memory follows: the walks refuse those too, and a layer whose header the frame does not hold
/// is reported truncated instead of read. DissectorTests fails when PacketDotNet's version
/// changes, so that this reading is redone, and fuzzes every protocol here under a watchdog.
/// </remarks>
public static partial class Dissector
{
    /// <summary>The name of the row that stands for a layer or a field PacketDotNet could not read.</summary>
    public const string ErrorField = "(error)";

    /// <summary>The name of the one row that stands for a layer whose bytes end before the layer does.</summary>
    public const string TruncatedField = "(truncated)";

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
        return Dissect(packet.Data, packet.LinkType, packet.Number, packet.Length);
    }

    /// <summary>
    /// The rows of a frame whose first byte is a <paramref name="linkType"/> header. An
    /// <paramref name="originalLength"/> above the frame's length says the capture cut it (snap
    /// length), which the truncation rows then say as tshark does.
    /// </summary>
    public static IReadOnlyList<PacketField> Dissect(byte[] frame, LinkType linkType, long number = 0, int originalLength = 0)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var rows = new List<PacketField>();
        bool snapped = originalLength > frame.Length;
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
            rows.Add(IsPastEnd(e)
                ? Truncated(number, linkType.ToString(), frame.Length, LinkHeaderLength(frame, linkType), snapped)
                : new PacketField(number, linkType.ToString(), ErrorField, Reason(e)));
            return rows;
        }

        if (layer is null)
        {
            // PacketDotNet 1.4.8 returns no layer for an empty frame.
            rows.Add(Truncated(number, linkType.ToString(), frame.Length, LinkHeaderLength(frame, linkType), snapped));
            return rows;
        }

        for (int depth = 0; layer is not null && depth < MaximumLayers; depth++)
        {
            string name = LayerName(layer);
            var (start, headerLength) = Header(layer);
            if (start + headerLength > frame.Length)
            {
                rows.Add(Truncated(number, name, Math.Max(0, frame.Length - start), headerLength, snapped));
                break;
            }

            int before = rows.Count;
            try
            {
                Fields(layer, name, number, rows, frame, snapped);
            }
#pragma warning disable CA1031 // as above: a layer PacketDotNet cannot read is one row
            catch (Exception e)
#pragma warning restore CA1031
            {
                rows.RemoveRange(before, rows.Count - before);
                rows.Add(IsPastEnd(e)
                    ? Truncated(number, name, Math.Max(0, frame.Length - start), null, snapped)
                    : new PacketField(number, name, ErrorField, Reason(e)));
                break;
            }

            if (rows.Count > before && rows[^1].Name == TruncatedField)
            {
                break;
            }

            Pdn.Packet? next;
            try
            {
                next = layer.PayloadPacket ?? Inside(layer);
            }
#pragma warning disable CA1031 // PacketDotNet parses the next layer lazily, here
            catch (Exception e)
#pragma warning restore CA1031
            {
                int end = start + headerLength;
                rows.Add(IsPastEnd(e)
                    ? Truncated(number, "Payload", Math.Max(0, frame.Length - end), null, snapped)
                    : new PacketField(number, "Payload", ErrorField, Reason(e)));
                break;
            }

            if (next is null && IsPppoeDiscovery(layer))
            {
                PppoeDiscovery(frame, start + headerLength, number, snapped, rows);
            }

            layer = next;
        }

        return rows;
    }

    /// <summary>The length of a link header PacketDotNet could not read, where the link type fixes it.</summary>
    private static int? LinkHeaderLength(byte[] frame, LinkType linkType) => linkType switch
    {
        LinkType.Ethernet => 14,
        LinkType.LinuxSll => 16,
        LinkType.LinuxSll2 => 20,
        LinkType.Null or LinkType.Loop => 4,

        // radiotap.org: version, pad, then the header's length, little-endian; 8 bytes before any field.
        LinkType.Ieee80211Radiotap => frame.Length >= 4 ? Math.Max(8, frame[2] | (frame[3] << 8)) : 8,
        _ => null,
    };

    /// <summary>Where the layer's header starts in the frame and how long PacketDotNet says it is.</summary>
    private static (int Start, int Length) Header(Pdn.Packet layer)
    {
        try
        {
            var header = layer.HeaderSegment;
            return header is null ? (0, 0) : (header.Offset, Math.Max(0, header.Length));
        }
#pragma warning disable CA1031 // a layer whose extent PacketDotNet cannot say is read field by field, each failure a row
        catch (Exception)
#pragma warning restore CA1031
        {
            return (0, 0);
        }
    }

    /// <summary>
    /// The layer PacketDotNet 1.4.8 leaves as bytes although it can read it: the LLC/SNAP header of a
    /// plain (non-QoS) unprotected 802.11 data frame, which it reads only inside QoS data frames.
    /// </summary>
    private static Pdn.Ieee80211.LogicalLinkControl? Inside(Pdn.Packet layer) =>
        layer is Pdn.Ieee80211.DataDataFrame data && !data.FrameControl.Protected
            && data.PayloadDataSegment is { Length: >= LlcSnapLength } payload && payload.Bytes[payload.Offset] == 0xAA
            ? new Pdn.Ieee80211.LogicalLinkControl(payload)
            : null;

    /// <summary>LLC (DSAP, SSAP, control) and SNAP (OUI, type), IEEE 802.2 and RFC 1042.</summary>
    private const int LlcSnapLength = 8;

    /// <summary>
    /// The one row for a layer the frame ends inside, in tshark's words: "Packet size limited during
    /// capture" when the capture cut the frame, "Malformed Packet" when the frame was that short on the wire.
    /// </summary>
    private static PacketField Truncated(long number, string layer, int had, int? needed, bool snapped) =>
        new(number, layer, TruncatedField, $"{(snapped ? $"Packet size limited during capture: {layer} truncated" : $"Malformed Packet: {layer}")}: "
            + (needed is int n ? $"{had} of its {n} header bytes" : $"{had} bytes from its start, and it goes on past the frame's end"));

    /// <summary>What PacketDotNet throws when it reads past the end of the frame's bytes.</summary>
    private static bool IsPastEnd(Exception e) => e switch
    {
        IndexOutOfRangeException or ArgumentOutOfRangeException or EndOfStreamException => true,

        // Array.Copy and BitConverter on a range that ends past the array.
        ArgumentException a => a.Message.Contains("long enough", StringComparison.Ordinal) || a.Message.Contains("out of bounds", StringComparison.Ordinal),
        _ => false,
    };

    private static string LayerName(Pdn.Packet layer)
    {
        string name = layer.GetType().Name;
        return name.Length > "Packet".Length && name.EndsWith("Packet", StringComparison.Ordinal) ? name[..^"Packet".Length] : name;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075",
        Justification = "A property a trimmer removed is only not listed; the module is not trimmed.")]
    private static void Fields(Pdn.Packet layer, string layerName, long number, List<PacketField> rows, byte[] frame, bool snapped)
    {
        var pastEnd = new List<string>();
        var properties = layer.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var property in properties.OrderBy(p => p.MetadataToken))
        {
            if (Skipped.Contains(property.Name) || property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true }
                || (layer is Pdn.LldpPacket && property.Name == "Length"))
            {
                // LldpPacket.Length is a settable property its parser never sets: always 0.
                continue;
            }

            string value;
            if (layer is Pdn.TcpPacket { OptionsSegment.Length: <= 0 } && property.Name == "OptionsCollection")
            {
                // PacketDotNet 1.4.8 throws here for a header without options.
                rows.Add(new PacketField(number, layerName, property.Name, string.Empty));
                continue;
            }

            if (Unsafe(layer, property.Name, frame) is string unsafeBecause)
            {
                rows.Add(new PacketField(number, layerName, property.Name, $"{ErrorField} not read: {unsafeBecause}"));
                continue;
            }

            try
            {
                value = layer is Pdn.PppoePacket && property.Name == "Code"
                    ? PppoeCode(frame[layer.HeaderSegment.Offset + 1])
                    : Format(property.GetValue(layer));
            }
            catch (TargetInvocationException e) when (IsPastEnd(e.InnerException ?? e))
            {
                pastEnd.Add(property.Name);
                continue;
            }
            catch (TargetInvocationException e)
            {
                value = $"{ErrorField} {Reason(e.InnerException ?? e)}";
            }

            rows.Add(new PacketField(number, layerName, property.Name, value));
        }

        switch (layer)
        {
            case Pdn.DhcpV4Packet dhcp:
                foreach (var option in dhcp.GetOptions().Take(MaximumItems * 4))
                {
                    rows.Add(new PacketField(number, layerName, "Option." + option.OptionType, OptionValue(option)));
                }

                break;
            case Pdn.LldpPacket lldp:
                foreach (var tlv in lldp.TlvCollection.Take(MaximumItems * 4))
                {
                    ItemRows(tlv, tlv.Type.ToString(), number, layerName, rows, LldpPlumbing, pastEnd);
                }

                break;
            case Pdn.Ieee80211.RadioPacket radio:
                foreach (var type in Enum.GetValues<Pdn.Ieee80211.RadioTapType>())
                {
                    if (radio[type] is { } field)
                    {
                        ItemRows(field, type.ToString(), number, layerName, rows, RadiotapPlumbing, pastEnd);
                    }
                }

                break;
        }

        if (pastEnd.Count > 0)
        {
            // One row for the layer, not one per field: every one of them failed for the same reason.
            rows.Add(Truncated(number, layerName, Math.Max(0, frame.Length - layer.HeaderSegment.Offset), null, snapped));
        }
    }

    /// <summary>Members of an LLDP TLV that describe the TLV's encoding, not its content.</summary>
    private static readonly HashSet<string> LldpPlumbing = new(StringComparer.Ordinal) { "Length", "TotalLength", "Type", "Bytes" };

    /// <summary>Members of a radiotap field that describe its encoding (radiotap.org alignment and size rules), not its content.</summary>
    private static readonly HashSet<string> RadiotapPlumbing = new(StringComparer.Ordinal) { "FieldType", "Length", "Alignment" };

    /// <summary>
    /// One row per content member of an LLDP TLV or radiotap field, named Item.Member
    /// (SystemName.Name, Channel.FrequencyMHz), so that Where-Object finds one value by name.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2075",
        Justification = "A member a trimmer removed is only not listed; the module is not trimmed.")]
    private static void ItemRows(object item, string itemName, long number, string layerName, List<PacketField> rows, HashSet<string> plumbing, List<string> pastEnd)
    {
        var type = item.GetType();
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
            .Select(p => (p.Name, Read: (Func<object?>)(() => p.GetValue(item))))
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(f => (f.Name, Read: (Func<object?>)(() => f.GetValue(item)))))
            .Where(m => !plumbing.Contains(m.Name))
            .ToList();
        int before = rows.Count;
        foreach (var (name, read) in members)
        {
            string value;
            try
            {
                object? raw = read();
                value = raw switch
                {
                    // The text subtypes (interface name, alias, locally assigned), which 802.1AB 8.5.2/8.5.3 define as strings.
                    byte[] bytes when name == "SubTypeValue" && bytes.Length > 0 && bytes.All(b => b is >= 0x20 and < 0x7F) => Encoding.ASCII.GetString(bytes),

                    // 802.1AB 8.5.9.5 numbers the interface subtype as RFC 2863's IfNumbering does, from 1 (unknown,
                    // ifIndex, systemPortNumber); PacketDotNet 1.4.8's InterfaceNumber enum counts from 0, one name off.
                    Pdn.Lldp.InterfaceNumber n => (int)n switch
                    {
                        1 => "Unknown",
                        2 => "IfIndex",
                        3 => "SystemPortNumber",
                        int other => other.ToString(CultureInfo.InvariantCulture),
                    },
                    _ => Format(raw),
                };
            }
            catch (TargetInvocationException e) when (e.InnerException is InvalidCastException)
            {
                // ChassisIdTlv's accessors of the other subtypes (InterfaceName on a MAC chassis ID): not this TLV's content.
                continue;
            }
            catch (TargetInvocationException e) when (IsPastEnd(e.InnerException ?? e))
            {
                pastEnd.Add($"{itemName}.{name}");
                continue;
            }
            catch (TargetInvocationException e)
            {
                value = $"{ErrorField} {Reason(e.InnerException ?? e)}";
            }

            rows.Add(new PacketField(number, layerName, $"{itemName}.{name}", value));
        }

        if (rows.Count == before)
        {
            rows.Add(new PacketField(number, layerName, itemName, string.Empty));
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

        // A layer inside a list (DRDA's DDMs) by its name: its fields are not listed, but each one is counted.
        Pdn.Packet packet => LayerName(packet),
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
