namespace PSSocket.Core.Packets;

/// <summary>The three flag bits of the IPv4 header (RFC 791), as the 3-bit field's value.</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The RFCs call these bits flags; users search for that word.")]
public enum IPv4Flags
{
    None = 0,
    MoreFragments = 1,
    DontFragment = 2,

    /// <summary>Must be zero (RFC 3514's evil bit is a joke, but the bit exists).</summary>
    Reserved = 4,
}
