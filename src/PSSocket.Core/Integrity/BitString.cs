using System.Globalization;

namespace PSSocket.Core.Integrity;

/// <summary>Strings of 0s and 1s as the course writes them ("1101 0111", "1101_0111").</summary>
internal static class BitString
{
    /// <summary>The bits without separators; spaces and underscores are allowed between digits.</summary>
    /// <exception cref="PSSocketException">InvalidBitString when a character is not 0, 1 or a separator, or no bit is given.</exception>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        char[] bits = new char[text.Length];
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '0' or '1')
            {
                bits[n++] = c;
            }
            else if (c is not (' ' or '_'))
            {
                throw new PSSocketException("InvalidBitString", FaultCategory.InvalidArgument, text,
                    string.Create(CultureInfo.InvariantCulture, $"'{c}' at position {i} is not a bit: use only 0 and 1."));
            }
        }

        if (n == 0)
        {
            throw new PSSocketException("InvalidBitString", FaultCategory.InvalidArgument, text, "The bit string has no bits.");
        }

        return new string(bits, 0, n);
    }

    /// <summary>The 8 bits of a byte, most significant first.</summary>
    public static string Of(byte value) => Convert.ToString(value, 2).PadLeft(8, '0');
}
