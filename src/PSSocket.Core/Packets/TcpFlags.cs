namespace PSSocket.Core.Packets;

/// <summary>The TCP control bits (RFC 9293, with ECE/CWR of RFC 3168 and AE of RFC 9768, formerly NS).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The RFCs call these bits flags; users search for that word.")]
public enum TcpFlags
{
    None = 0,
    Fin = 0x001,
    Syn = 0x002,
    Rst = 0x004,
    Psh = 0x008,
    Ack = 0x010,
    Urg = 0x020,
    Ece = 0x040,
    Cwr = 0x080,
    Ae = 0x100,
}
