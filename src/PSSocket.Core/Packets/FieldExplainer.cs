using System.Text;

namespace PSSocket.Core.Packets;

/// <summary>Collects <see cref="HeaderField"/> rows of one header, reading the raw bits from its bytes.</summary>
internal sealed class FieldExplainer(string header, byte[] bytes)
{
    private readonly List<HeaderField> _fields = [];

    public IReadOnlyList<HeaderField> Fields => _fields;

    /// <summary>Adds a field when its bits were captured; a truncated header explains the fields it has.</summary>
    public void Add(string name, int bitOffset, int bitLength, object? value, string meaning = "")
    {
        if (bitLength <= 0 || bitOffset + bitLength > bytes.Length * 8)
        {
            return;
        }

        _fields.Add(new HeaderField(header, name, bitOffset, bitLength, Bits(bitOffset, bitLength), value, meaning));
    }

    private string Bits(int offset, int length)
    {
        var text = new StringBuilder(length + (length / 8));
        for (int i = 0; i < length; i++)
        {
            int bit = offset + i;
            if (i > 0 && length > 8 && bit % 8 == 0)
            {
                text.Append(' ');
            }

            text.Append((bytes[bit / 8] >> (7 - (bit % 8)) & 1) == 1 ? '1' : '0');
        }

        return text.ToString();
    }
}
