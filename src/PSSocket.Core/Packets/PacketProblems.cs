namespace PSSocket.Core.Packets;

/// <summary>What a decoder found wrong with the bytes. Decoding never throws: it reports these instead.</summary>
[Flags]
public enum PacketProblems
{
    None = 0,

    /// <summary>The bytes end inside a header.</summary>
    Truncated = 1 << 0,

    /// <summary>The header is complete but fewer payload bytes were captured than it announces (snap length).</summary>
    PayloadTruncated = 1 << 1,

    /// <summary>The IP version nibble is not the one the link layer announced.</summary>
    BadVersion = 1 << 2,

    /// <summary>IPv4 IHL below 5 (a header shorter than 20 bytes).</summary>
    BadIhl = 1 << 3,

    /// <summary>TCP data offset below 5 (a header shorter than 20 bytes).</summary>
    BadDataOffset = 1 << 4,

    /// <summary>A length field disagrees with the header size or with the length of the enclosing layer.</summary>
    LengthMismatch = 1 << 5,

    /// <summary>An option's length byte runs past the header or is too small.</summary>
    BadOptions = 1 << 6,

    /// <summary>A checksum was verified and is wrong.</summary>
    BadChecksum = 1 << 7,

    /// <summary>More IPv6 extension headers than any real packet carries (a loop or garbage).</summary>
    TooManyExtensionHeaders = 1 << 8,

    /// <summary>The link type is not one this decoder knows, so nothing past it was decoded.</summary>
    UnsupportedLinkType = 1 << 9,
}
