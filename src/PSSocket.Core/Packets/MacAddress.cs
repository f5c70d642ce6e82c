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

        // Up to 8 bytes (every Ethernet and most link-layer addresses) travel packed in one word, so
        // the text is the only allocation: this runs twice for every Ethernet header decoded.
        if (bytes.Length <= 8)
        {
            ulong packed = 0;
            foreach (byte b in bytes)
            {
                packed = (packed << 8) | b;
            }

            return string.Create(bytes.Length * 3 - 1, (packed, bytes.Length), static (chars, a) =>
            {
                const string Digits = "0123456789abcdef";
                for (int i = 0; i < a.Length; i++)
                {
                    int b = (int)(a.packed >> (8 * (a.Length - 1 - i))) & 0xFF;
                    if (i > 0)
                    {
                        chars[(i * 3) - 1] = ':';
                    }

                    chars[i * 3] = Digits[b >> 4];
                    chars[(i * 3) + 1] = Digits[b & 0xF];
                }
            });
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
