using System.Globalization;

namespace PSSocket.Core.Parsing;

/// <summary>Hex text as users paste it: "45 00 00 28", "45000028", "0x45,0x00", "45-00-00-28", "45:00".</summary>
internal static class Hex
{
    /// <summary>Parses hex text; separators (white space, ',', '-', ':') and 0x prefixes are ignored.</summary>
    /// <exception cref="PSSocketException">InvalidHexString when a character is not hex or the digit count is odd.</exception>
    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '0' && i + 1 < text.Length && (text[i + 1] == 'x' || text[i + 1] == 'X'))
            {
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c) || c is ',' or '-' or ':')
            {
                continue;
            }

            int v = HexValue(c);
            if (v < 0)
            {
                throw new PSSocketException("InvalidHexString", FaultCategory.InvalidArgument, text,
                    string.Create(CultureInfo.InvariantCulture, $"'{c}' at position {i} is not a hex digit."));
            }

            digits.Add((byte)v);
        }

        if (digits.Count % 2 != 0)
        {
            throw new PSSocketException("InvalidHexString", FaultCategory.InvalidArgument, text,
                string.Create(CultureInfo.InvariantCulture, $"The text has {digits.Count} hex digits; bytes need an even number."));
        }

        byte[] bytes = new byte[digits.Count / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((digits[2 * i] << 4) | digits[(2 * i) + 1]);
        }

        return bytes;
    }

    /// <summary>Lower-case hex without separators, e.g. 220d.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
