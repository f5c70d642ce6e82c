using System.Management.Automation;
using PSSocket.Core;
using PSSocket.Core.Integrity;

namespace PSSocket.Infrastructure;

/// <summary>
/// CRC values and models as users type them; values are read as every checksum value is
/// (<see cref="UnsignedArgumentAttribute.TryRead"/>).
/// </summary>
internal static class CrcArguments
{
    /// <exception cref="PSSocketException">InvalidCrcParameter when the value is not a number or hex text.</exception>
    public static UInt128 Value(object? value, string parameter)
    {
        if (UnsignedArgumentAttribute.TryRead(value, out UInt128 number))
        {
            return number;
        }

        throw new PSSocketException("InvalidCrcParameter", FaultCategory.InvalidArgument, value,
            $"-{parameter} '{value}' is not a CRC value: give a non-negative number or hex text such as 0x04C11DB7.");
    }

    /// <summary>
    /// The models a cmdlet was asked for: custom when -Width is bound, otherwise each name of
    /// <paramref name="names"/> (CRC-32 when none). Unknown names are reported one by one and skipped.
    /// </summary>
    /// <exception cref="PSSocketException">InvalidCrcParameter for a mix of -Model and custom parameters, or custom parameters without -Width; the custom model's own validation errors.</exception>
    public static List<CrcModel> Resolve(PSCmdlet cmdlet, string[]? names, Action<PSSocketException> writeFault)
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        string[] custom = ["Width", "Polynomial", "Init", "ReflectIn", "ReflectOut", "XorOut"];
        if (custom.Any(bound.ContainsKey))
        {
            if (names is not null)
            {
                throw new PSSocketException("InvalidCrcParameter", FaultCategory.InvalidArgument, names,
                    "Give either -Model or custom parameters (-Width -Polynomial ...), not both.");
            }

            if (!bound.TryGetValue("Width", out object? width) || !bound.TryGetValue("Polynomial", out object? poly))
            {
                throw new PSSocketException("InvalidCrcParameter", FaultCategory.InvalidArgument, null,
                    "A custom CRC needs at least -Width and -Polynomial.");
            }

            return [CrcCatalogue.Custom((int)width, Value(poly, "Polynomial"),
                bound.TryGetValue("Init", out object? init) ? Value(init, "Init") : UInt128.Zero,
                bound.TryGetValue("ReflectIn", out object? refIn) && ((SwitchParameter)refIn).IsPresent,
                bound.TryGetValue("ReflectOut", out object? refOut) && ((SwitchParameter)refOut).IsPresent,
                bound.TryGetValue("XorOut", out object? xorOut) ? Value(xorOut, "XorOut") : UInt128.Zero)];
        }

        var models = new List<CrcModel>();
        foreach (string name in names ?? ["CRC-32"])
        {
            try
            {
                var model = CrcCatalogue.Find(name);
                if (!models.Contains(model))
                {
                    models.Add(model);
                }
            }
            catch (PSSocketException fault)
            {
                writeFault(fault);
            }
        }

        return models;
    }
}
