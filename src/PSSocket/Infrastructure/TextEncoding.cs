using System.Text;

namespace PSSocket;

/// <summary>
/// The -Encoding choices. An enum tab-completes and validates by itself. Every member maps to
/// an encoding without a byte-order mark, because a BOM in a socket stream or a checksum input
/// is never what the user meant.
/// </summary>
public enum TextEncoding
{
    Utf8,
    Ascii,
    Latin1,
    Unicode,
    BigEndianUnicode,
    Utf32,

    /// <summary>Text is hex bytes ("45 00 00 3c"); received bytes are shown as hex.</summary>
    Hex,
}

internal static class TextEncodings
{
    public static Encoding Get(TextEncoding encoding) => encoding switch
    {
        TextEncoding.Ascii => Encoding.ASCII,
        TextEncoding.Latin1 => Encoding.Latin1,
        TextEncoding.Unicode => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
        TextEncoding.BigEndianUnicode => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
        TextEncoding.Utf32 => new UTF32Encoding(bigEndian: false, byteOrderMark: false),
        TextEncoding.Hex => new Infrastructure.HexEncoding(),
        _ => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
    };
}
