namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// A model's bit order as a type argument, so a packet-sized kernel is compiled once per order
/// with the branches on it removed and its constants (the byte-swap mask) inline.
/// </summary>
internal interface ICrcBitOrder
{
    /// <summary>Whether the model reflects its input: the register takes the first byte in its low bits.</summary>
    static abstract bool Reflected { get; }
}

/// <summary>Models with RefIn: lanes are used as loaded (little-endian).</summary>
internal readonly struct ReflectedBitOrder : ICrcBitOrder
{
    public static bool Reflected => true;
}

/// <summary>Models without RefIn: lanes are byte-swapped to big-endian.</summary>
internal readonly struct ForwardBitOrder : ICrcBitOrder
{
    public static bool Reflected => false;
}
