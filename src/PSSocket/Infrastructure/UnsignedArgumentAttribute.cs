using System.Management.Automation;
using System.Numerics;
using PSSocket.Core.Parsing;

namespace PSSocket.Infrastructure;

/// <summary>
/// Lets checksum and CRC values be typed the way users write them. PowerShell reads the literal
/// 0xF04FC729 as a negative Int32, so a negative integer is taken as the bit pattern of its own
/// type; text follows the module's one rule for values (<see cref="NumberText"/>): it is hex
/// ("c8f0", "0xc8f0", "c8f0h"), as Get-Checksum prints checksums.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class UnsignedArgumentAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        TryRead(inputData, out UInt128 value) && value <= ulong.MaxValue
            ? (ulong)value
            : throw new ArgumentTransformationMetadataException($"'{inputData}' is not a number: give an integer or hex such as 0xc8f0.");

    /// <summary>
    /// The one reading of a value that may be a number or hex text, for every parameter that takes
    /// a checksum, CRC or CRC parameter: integers keep their value (negative ones their bit
    /// pattern), text is hex.
    /// </summary>
    internal static bool TryRead(object? input, out UInt128 value)
    {
        UInt128? read = PipelineValue.Unwrap(input) switch
        {
            byte b => (UInt128)b,
            sbyte s => (UInt128)(byte)s,
            short s => (UInt128)(ushort)s,
            ushort u => (UInt128)u,
            int i => (UInt128)(uint)i,
            uint u => (UInt128)u,
            long l => (UInt128)(ulong)l,
            ulong u => (UInt128)u,
            BigInteger big when big.Sign >= 0 && big <= (BigInteger)UInt128.MaxValue => (UInt128)big,
            string text when NumberText.TryParse(text, out UInt128 parsed) => parsed,
            _ => null,
        };
        value = read.GetValueOrDefault();
        return read.HasValue;
    }
}
