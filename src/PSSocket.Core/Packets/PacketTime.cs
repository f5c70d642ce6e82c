using System.Globalization;

namespace PSSocket.Core.Packets;

/// <summary>
/// Packet times as ISO 8601 UTC text with nanoseconds ("2026-11-29T17:24:20.123456789Z"): what a
/// CSV or a job sees, sortable as text, and read back to the nanosecond pcapng can store.
/// </summary>
internal static class PacketTime
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    public static string Format(long unixNanoseconds)
    {
        long seconds = Math.DivRem(unixNanoseconds, NanosecondsPerSecond, out long fraction);
        if (fraction < 0)
        {
            seconds--;
            fraction += NanosecondsPerSecond;
        }

        // Digits written in place: a custom DateTime format string is parsed on every call, and this
        // runs for every packet of a CSV. The year is 1-9999, so the layout is fixed at 30 characters.
        // One date split (Year, Month and Day each redo it) and the time of day by division.
        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        time.Deconstruct(out int year, out int month, out int day);
        long secondOfDay = time.Ticks / TimeSpan.TicksPerSecond % 86_400;
        return string.Create(30, (year, month, day, secondOfDay, fraction), static (text, t) =>
        {
            Digits(text[..4], t.year);
            text[4] = '-';
            Digits(text[5..7], t.month);
            text[7] = '-';
            Digits(text[8..10], t.day);
            text[10] = 'T';
            Digits(text[11..13], t.secondOfDay / 3600);
            text[13] = ':';
            Digits(text[14..16], t.secondOfDay / 60 % 60);
            text[16] = ':';
            Digits(text[17..19], t.secondOfDay % 60);
            text[19] = '.';
            Digits(text[20..29], t.fraction);
            text[29] = 'Z';
        });
    }

    private static void Digits(Span<char> text, long value)
    {
        for (int i = text.Length - 1; i >= 0; i--)
        {
            text[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Reads ISO 8601 text (any number of fraction digits, any offset) as Unix nanoseconds.</summary>
    public static bool TryParse(string? text, out long unixNanoseconds)
    {
        unixNanoseconds = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // DateTimeOffset keeps 7 fraction digits; the 8th and 9th are read here so nothing is lost.
        string s = text.Trim();
        int dot = s.IndexOf('.', StringComparison.Ordinal);
        long extra = 0;
        if (dot > 0)
        {
            int end = dot + 1;
            while (end < s.Length && char.IsAsciiDigit(s[end]))
            {
                end++;
            }

            string digits = s[(dot + 1)..end].PadRight(9, '0');
            if (digits.Length > 9 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long nanos))
            {
                return false;
            }

            extra = nanos % 100;
            s = string.Concat(s.AsSpan(0, dot + 1), digits.AsSpan(0, 7), s.AsSpan(end));
        }

        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        unixNanoseconds = ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100) + extra;
        return true;
    }
}
