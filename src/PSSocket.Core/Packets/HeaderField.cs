namespace PSSocket.Core.Packets;

/// <summary>One field of a header diagram: where its bits are, what they hold and what they mean.</summary>
public sealed class HeaderField
{
    internal HeaderField(string header, string name, int bitOffset, int bitLength, string bits, object? value, string meaning)
    {
        Header = header;
        Name = name;
        BitOffset = bitOffset;
        BitLength = bitLength;
        Bits = bits;
        Value = value;
        Meaning = meaning;
    }

    /// <summary>The header the field belongs to (IPv4, TCP, ...).</summary>
    public string Header { get; }

    public string Name { get; }

    /// <summary>Offset of the first bit from the start of the header (bit 0 is the top bit of byte 0).</summary>
    public int BitOffset { get; }

    public int BitLength { get; }

    /// <summary>The raw bits as 0/1 text, grouped by byte with spaces when longer than 8 bits.</summary>
    public string Bits { get; }

    public object? Value { get; }

    public string Meaning { get; }
}
