namespace PSSocket.Core.Packets;

/// <summary>Packet objects for bytes that did not come from a file: built packets and converted frames.</summary>
internal static class PacketFactory
{
    public static Packet Build(PacketTemplate template)
    {
        byte[] bytes = PacketBuilder.Build(template);
        return FromBytes(bytes, template.LinkType, 1);
    }

    public static Packet FromBytes(byte[] bytes, LinkType linkType, long number) =>
        new(number, Now(), null, linkType, bytes.Length, bytes, null);

    private static long Now() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
}
