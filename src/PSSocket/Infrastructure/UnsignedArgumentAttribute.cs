using System.Management.Automation;
using PSSocket.Core.Parsing;

namespace PSSocket.Infrastructure;

/// <summary>
/// Lets checksum and CRC values be typed the way users write them. PowerShell reads the literal
/// 0xF04FC729 as a negative Int32, so negative Int32/Int64 values are taken as their unsigned
/// bit pattern; text follows the module's one rule for values (<see cref="NumberText"/>): it is
/// hex ("c8f0", "0xc8f0", "c8f0h"), as Get-Checksum prints checksums.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class UnsignedArgumentAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? value = PipelineValue.Unwrap(inputData);
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
        if (NumberText.TryParse(text, out UInt128 value) && value <= ulong.MaxValue)
        {
            return (ulong)value;
        }

        throw new ArgumentTransformationMetadataException($"'{text}' is not a number: give an integer or hex such as 0xc8f0.");
    }
}
