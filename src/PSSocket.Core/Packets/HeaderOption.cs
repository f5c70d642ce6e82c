namespace PSSocket.Core.Packets;

/// <summary>One option of an IPv4, TCP or IPv6 extension header: its kind, size, bytes and meaning.</summary>
public sealed class HeaderOption
{
    internal HeaderOption(byte kind, string name, int length, byte[] data, string value)
    {
        Kind = kind;
        Name = name;
        Length = length;
        Data = data;
        Value = value;
    }

    /// <summary>The option type (kind) byte.</summary>
    public byte Kind { get; }

    public string Name { get; }

    /// <summary>Bytes the option occupies, kind and length bytes included.</summary>
    public int Length { get; }

    /// <summary>The option's value bytes (after kind and length).</summary>
#pragma warning disable CA1819 // users read option bytes the way they read Data
    public byte[] Data { get; }
#pragma warning restore CA1819

    /// <summary>The decoded value, e.g. "1460" for an MSS, "1000-2000 3000-4000" for SACK blocks.</summary>
    public string Value { get; }

    public override string ToString() => string.IsNullOrEmpty(Value) ? Name : Name + "=" + Value;
}
