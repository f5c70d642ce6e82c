using System.Text;
using PSSocket.Core.Parsing;

namespace PSSocket.Infrastructure;

/// <summary>
/// -Encoding Hex: text is hex bytes ("45 00 00 3c", "4500003c", "0x45,0x00"), read by the same
/// parser as the header cmdlets, and bytes shown as text become lower-case hex. It makes the one
/// rule for data text hold in every cmdlet: text is bytes in -Encoding, and Hex is one of them.
/// </summary>
internal sealed class HexEncoding : Encoding
{
    public override byte[] GetBytes(string s) => Hex.Parse(s);

    public override int GetByteCount(char[] chars, int index, int count) => Hex.Parse(new string(chars, index, count)).Length;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        byte[] parsed = Hex.Parse(new string(chars, charIndex, charCount));
        parsed.CopyTo(bytes, byteIndex);
        return parsed.Length;
    }

    public override string GetString(byte[] bytes, int index, int count) => Hex.Format(bytes.AsSpan(index, count));

    public override int GetCharCount(byte[] bytes, int index, int count) => count * 2;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        string text = Hex.Format(bytes.AsSpan(byteIndex, byteCount));
        text.CopyTo(0, chars, charIndex, text.Length);
        return text.Length;
    }

    public override int GetMaxByteCount(int charCount) => (charCount / 2) + 1;

    public override int GetMaxCharCount(int byteCount) => byteCount * 2;
}
