using System.Management.Automation;
using PSSocket.Core.Packets;

namespace PSSocket.Infrastructure;

/// <summary>
/// Turns the property bag that Import-Clixml, Receive-Job and remoting make of a packet back into a
/// live packet. module/PSSocket.types.ps1xml names it as the packet's TypeConverter and names the
/// packet as the target type of Deserialized.PSSocket.Core.Packets.Packet, so a packet that crossed
/// serialization has the same CSV columns, views and hidden members as before; a bag that lacks
/// what a packet needs stays a bag (the deserializer keeps it when the conversion fails).
/// </summary>
public sealed class PacketConverter : PSTypeConverter
{
    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        sourceValue is PSObject bag && CanConvertFrom(bag, destinationType);

    public override bool CanConvertFrom(PSObject sourceValue, Type destinationType) =>
        destinationType == typeof(Packet) && PacketInput.TryGet(sourceValue, out var packet, out _) && packet is not null;

    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        sourceValue is PSObject bag ? ConvertFrom(bag, destinationType, formatProvider, ignoreCase) : throw NotAPacket(sourceValue);

    public override object ConvertFrom(PSObject sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
    {
        if (destinationType != typeof(Packet))
        {
            throw NotAPacket(sourceValue);
        }

        PacketInput.TryGet(sourceValue, out var packet, out var fault);
        return packet ?? throw NotAPacket(sourceValue, fault?.Message);
    }

    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new PSInvalidCastException($"A packet converts to {destinationType} by the usual rules, not through {nameof(PacketConverter)}.");

    private static PSInvalidCastException NotAPacket(object? value, string? why = null) =>
        new($"{value} is not a packet{(why is null ? "." : ": " + why)}");
}
