using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Packets;

namespace PSSocket.Infrastructure;

/// <summary>
/// Packet objects as cmdlets receive them: live, or as the property bags Import-Clixml, Start-Job
/// and remoting hand back. A bag is rebuilt from Data, Timestamp (or Time) and LinkType, with
/// Interface, Comment, KernelChecksum, Length and Number when present, so serialized packets still go to
/// Export-Pcap and the decoders.
/// </summary>
internal static class PacketInput
{
    private const string PacketTypeName = "PSSocket.Core.Packets.Packet";

    /// <summary>
    /// True when <paramref name="item"/> is a packet or looks like one (a Packet type name, or a Data
    /// property); <paramref name="packet"/> is then the packet, or null with <paramref name="fault"/>
    /// saying which properties were missing.
    /// </summary>
    public static bool TryGet(object? item, out Packet? packet, out PSSocketException? fault)
    {
        packet = null;
        fault = null;
        object? value = PipelineValue.Unwrap(item);
        if (value is Packet live)
        {
            packet = live;
            return true;
        }

        if (item is not PSObject bag || value is byte[] or string or ValueType)
        {
            return false;
        }

        bool namedPacket = bag.TypeNames.Any(n => n.EndsWith(PacketTypeName, StringComparison.Ordinal));
        object? data = bag.Properties["Data"]?.Value;
        if (!namedPacket && data is null)
        {
            return false;
        }

        var missing = new List<string>();
        byte[]? bytes = PipelineValue.Unwrap(data) as byte[];
        if (bytes is null)
        {
            missing.Add("Data (byte[])");
        }

        long? time = Time(bag);
        if (time is null)
        {
            missing.Add("Timestamp");
        }

        LinkType? linkType = Link(bag.Properties["LinkType"]?.Value);
        if (linkType is null)
        {
            missing.Add("LinkType");
        }

        if (missing.Count > 0)
        {
            fault = new PSSocketException("PacketPropertiesMissing", FaultCategory.InvalidArgument, item,
                $"This object cannot be turned back into a packet: it lacks {string.Join(", ", missing)}. " +
                "A packet needs Data, Timestamp and LinkType (Import-Pcap, New-Packet and their Export-Clixml copies have them).");
            return true;
        }

        int length = Number(bag.Properties["Length"]?.Value) is long l && l >= bytes!.Length && l <= int.MaxValue ? (int)l : bytes!.Length;
        packet = new Packet(
            Number(bag.Properties["Number"]?.Value) ?? 0,
            time!.Value,
            Text(bag.Properties["Interface"]?.Value),
            linkType!.Value,
            length,
            bytes,
            Text(bag.Properties["Comment"]?.Value),
            Kernel(bag.Properties["KernelChecksum"]?.Value));
        return true;
    }

    /// <summary>
    /// The packet in <paramref name="item"/> for a cmdlet that takes nothing else, or null with
    /// <paramref name="fault"/> saying why: the properties a packet-like object lacks, or that it is no packet.
    /// </summary>
    public static Packet? Require(object item, string cmdlet, out PSSocketException? fault)
    {
        if (TryGet(item, out var packet, out fault) && packet is not null)
        {
            return packet;
        }

        fault ??= new PSSocketException("InputNotAPacket", FaultCategory.InvalidArgument, item,
            $"{cmdlet} takes packets (Import-Pcap, Receive-RawPacket, New-Packet) or their serialized copies with Data, Timestamp and LinkType.");
        return null;
    }

    /// <summary>Nanoseconds since 1970 from the ISO 8601 Time text, or from Timestamp in any shape serialization leaves it.</summary>
    private static long? Time(PSObject bag)
    {
        if (PacketTime.TryParse(Text(bag.Properties["Time"]?.Value), out long fromText))
        {
            return fromText;
        }

        object? value = bag.Properties["Timestamp"]?.Value;
        switch (value is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : value)
        {
            case DateTimeOffset dto:
                return (dto.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
            case DateTime dt:
                return (dt.ToUniversalTime().Ticks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
            case string text when PacketTime.TryParse(text, out long parsed):
                return parsed;
            case PSObject deserialized when Number(deserialized.Properties["UtcTicks"]?.Value) is long ticks:
                // Import-Clixml gives a DateTimeOffset back as a bag of its properties.
                return (ticks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
            default:
                return null;
        }
    }

    /// <summary>The capturing kernel's checksum verdict, so an offloaded checksum is not read as bad after serialization.</summary>
    private static KernelChecksum Kernel(object? value) => PipelineValue.Unwrap(value) switch
    {
        KernelChecksum kernel => kernel,
        string name when Enum.TryParse(name, ignoreCase: true, out KernelChecksum parsed) && Enum.IsDefined(parsed) => parsed,
        var other when Number(other) is long n && Enum.IsDefined((KernelChecksum)n) => (KernelChecksum)n,
        _ => KernelChecksum.Unknown,
    };

    private static LinkType? Link(object? value)
    {
        value = PipelineValue.Unwrap(value);
        return value switch
        {
            LinkType type => type,
            string name when Enum.TryParse(name, ignoreCase: true, out LinkType parsed) && Enum.IsDefined(parsed) => parsed,
            _ when Number(value) is long n && Enum.IsDefined((LinkType)n) => (LinkType)n,
            _ => null,
        };
    }

    private static long? Number(object? value) => PipelineValue.Unwrap(value) switch
    {
        int i => i,
        long l => l,
        uint u => u,
        short s => s,
        ushort us => us,
        byte b => b,
        _ => null,
    };

    private static string? Text(object? value) => PipelineValue.Unwrap(value) as string;
}
