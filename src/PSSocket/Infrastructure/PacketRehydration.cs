using System.Management.Automation;
using PSSocket.Core.Packets;

namespace PSSocket.Infrastructure;

/// <summary>
/// Turns a deserialized packet (Import-Clixml, Receive-Job, remoting) back into a live
/// <see cref="Packet"/>. module/PSSocket.types.ps1xml names Packet as the target type for
/// "Deserialized.PSSocket.Core.Packets.Packet", so PowerShell's deserializer calls this converter
/// and every cmdlet, view and Export-Csv sees the same object on both sides of serialization.
/// </summary>
public sealed class PacketRehydration : PSTypeConverter
{
    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        destinationType == typeof(Packet) && sourceValue is PSObject;

    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
    {
        if (PacketInput.TryGet(sourceValue, out Packet? packet, out var fault) && packet is not null)
        {
            return packet;
        }

        throw new PSInvalidCastException(fault?.Message ?? "The object is not a serialized packet.");
    }

    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new PSInvalidCastException($"A packet converts to {destinationType} through its own members, not this converter.");
}
