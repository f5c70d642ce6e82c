using PSSocket.Core.Packets;

namespace PSSocket.Core.Tests.Packets;

/// <summary>
/// The IPv6 header object at two limits of RFC 8200: a chain of more extension headers than any real stack sends, and no
/// byte captured at all (the version is in the first byte's high nibble, so without that byte there is no version).
/// </summary>
public class IPv6HeaderLimitTests
{
    [Fact]
    public void Seventeen_extension_headers_are_too_many_and_the_first_sixteen_are_kept()
    {
        // 17 destination options headers of 8 bytes (next header 60, length 0, PadN of 4), the last one ending the chain.
        byte[] chain = [.. Enumerable.Range(0, 17).SelectMany(i => (byte[])[60, 0, 1, 4, 0, 0, 0, 0])];
        chain[^8] = 59;
        byte[] packet =
        [
            0x60, 0, 0, 0, 0, (byte)chain.Length, 60, 64,
            .. Convert.FromHexString("20010db800000000000000000000000120010db8000000000000000000000002"),
            .. chain,
        ];
        var h = IPv6Header.Decode(packet);
        Assert.Equal(PacketProblems.TooManyExtensionHeaders, h.Problems);
        Assert.Equal(16, h.ExtensionHeaders.Count);
    }

    [Fact]
    public void An_empty_capture_has_no_version()
    {
        var h = IPv6Header.Decode([]);
        Assert.Null(h.Version);
        Assert.Null(h.TrafficClass);
        Assert.Equal(PacketProblems.Truncated, h.Problems);
    }
}
