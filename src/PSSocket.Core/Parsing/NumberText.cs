using System.Globalization;

namespace PSSocket.Core.Parsing;

/// <summary>
/// The one rule for a checksum or CRC value given as text: it is hex, as this module and tshark
/// print such values ("cbf43926", "0xcbf43926" and "cbf43926h" are the same number; "10" is
/// sixteen). A value typed as a PowerShell number is not text and keeps its own base (10 is ten).
/// Underscores may group digits. Stated in about_PSSocket.
/// </summary>
internal static class NumberText
{
    public static bool TryParse(string? text, out UInt128 value)
    {
        value = UInt128.Zero;
        if (text is null)
        {
            return false;
        }

        string digits = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }
        else if (digits.EndsWith('h') || digits.EndsWith('H'))
        {
            digits = digits[..^1];
        }

        return digits.Length > 0
            && UInt128.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
