namespace PSSocket.Core.Packets;

/// <summary>Hardware addresses as Wireshark prints them, aa:bb:cc:dd:ee:ff.</summary>
internal static class MacAddress
{
    public static string Format(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        return string.Create(bytes.Length * 3 - 1, bytes.ToArray(), static (chars, b) =>
        {
            const string Digits = "0123456789abcdef";
            for (int i = 0; i < b.Length; i++)
            {
                if (i > 0)
                {
                    chars[(i * 3) - 1] = ':';
                }

                chars[i * 3] = Digits[b[i] >> 4];
                chars[(i * 3) + 1] = Digits[b[i] & 0xF];
            }
        });
    }
}
