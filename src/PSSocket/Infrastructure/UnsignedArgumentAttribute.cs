using System.Globalization;
using System.Management.Automation;

namespace PSSocket.Infrastructure;

/// <summary>
/// Lets checksum and CRC values be typed the way users write them. PowerShell reads the literal
/// 0xF04FC729 as a negative Int32, so negative Int32/Int64 values are taken as their unsigned
/// bit pattern; strings may be decimal or hex ("0xc8f0", "c8f0h").
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class UnsignedArgumentAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? value = inputData is PSObject ps ? ps.BaseObject : inputData;
        return value switch
        {
            byte v => (ulong)v,
            ushort v => (ulong)v,
            uint v => (ulong)v,
            ulong v => v,
            short v => (ulong)(ushort)v,
            int v => (ulong)(uint)v,
            long v => (ulong)v,
            string s => Parse(s),
            _ => throw new ArgumentTransformationMetadataException($"'{value}' is not a number: give an integer or hex such as 0xc8f0."),
        };
    }

    internal static ulong Parse(string text)
    {
        string s = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
        bool hex = false;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            s = s[2..];
            hex = true;
        }
        else if (s.EndsWith('h') || s.EndsWith('H'))
        {
            s = s[..^1];
            hex = true;
        }

        if (ulong.TryParse(s, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
        {
            return value;
        }

        throw new ArgumentTransformationMetadataException($"'{text}' is not a number: give an integer or hex such as 0xc8f0.");
    }
}
