using System.Globalization;
using System.Text;

namespace PSSocket.Infrastructure;

/// <summary>
/// Network text as format views show it: every control character (C0, DEL and C1, the bytes a
/// terminal acts on) becomes a visible escape (\r \n \t \e \x07...), so received data can never
/// move the cursor, retitle the terminal or hide itself. The pattern for any view that shows data
/// from the network: <c>[PSSocket.Infrastructure.DisplayText]::Escape($_.Text)</c>, or
/// <c>::Shorten($_.Text, 40)</c> in a table column.
/// </summary>
public static class DisplayText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!NeedsEscape(text))
        {
            return text;
        }

        var s = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\r': s.Append("\\r"); break;
                case '\n': s.Append("\\n"); break;
                case '\t': s.Append("\\t"); break;
                case '\x1b': s.Append("\\e"); break;
                default:
                    if (IsControl(c))
                    {
                        s.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        s.Append(c);
                    }

                    break;
            }
        }

        return s.ToString();
    }

    /// <summary>The escaped text cut to <paramref name="max"/> characters with "..." when longer.</summary>
    public static string Shorten(string? text, int max)
    {
        string escaped = Escape(text);
        return max > 3 && escaped.Length > max ? string.Concat(escaped.AsSpan(0, max - 3), "...") : escaped;
    }

    /// <summary>
    /// The escaped text cut in the middle to <paramref name="max"/> characters: both ends of an
    /// address stay readable ("2001:db8:…:7334") where cutting the end would leave only a prefix.
    /// </summary>
    public static string Middle(string? text, int max)
    {
        string escaped = Escape(text);
        if (max < 3 || escaped.Length <= max)
        {
            return escaped;
        }

        int tail = (max - 1) / 2;
        return string.Concat(escaped.AsSpan(0, max - 1 - tail), "…", escaped.AsSpan(escaped.Length - tail));
    }

    private static bool NeedsEscape(string text)
    {
        foreach (char c in text)
        {
            if (IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    // C0, DEL, C1 (0x9b is a one-byte CSI), and the bidirectional overrides that reorder what follows.
    private static bool IsControl(char c) => c < 0x20 || (c >= 0x7f && c <= 0x9f) || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069';
}
