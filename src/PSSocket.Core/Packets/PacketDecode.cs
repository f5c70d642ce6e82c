namespace PSSocket.Core.Packets;

/// <summary>
/// A packet's struct decode and what is cached from it: kept apart from <see cref="Packet"/> so a
/// live capture's packet that nobody inspects is never decoded and carries none of it (a captured
/// packet is 64 bytes and its frame; with this inline it was about 190). The caches are written by
/// whichever thread reads first; racing threads compute equal values.
/// </summary>
internal sealed class PacketDecode
{
    public readonly PacketSummary Summary;

    public readonly string? Comment;

    public PacketLayers? Layers;

    public string? Source;

    public string? Destination;

    public string? Info;

    public PacketDecode(ReadOnlySpan<byte> frame, LinkType linkType, int originalLength, string? comment)
    {
        FrameDecoder.Decode(frame, linkType, originalLength, out Summary);
        Comment = comment;
    }
}
