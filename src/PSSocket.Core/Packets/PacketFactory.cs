namespace PSSocket.Core.Packets;

/// <summary>Packet objects for bytes that did not come from a file: built packets and converted frames.</summary>
internal static class PacketFactory
{
    /// <param name="number">The packet's place among those one command builds, from 1.</param>
    public static Packet Build(PacketTemplate template, long number = 1)
    {
        byte[] bytes = PacketBuilder.Build(template);
        return FromBytes(bytes, template.LinkType, number);
    }

    public static Packet FromBytes(byte[] bytes, LinkType linkType, long number) =>
        new(number, Now(), null, linkType, bytes.Length, bytes, null);

    private static long Now() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
}
