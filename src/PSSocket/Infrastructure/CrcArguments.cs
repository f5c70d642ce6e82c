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
    /// The models a cmdlet was asked for: custom when a custom parameter is bound, otherwise each
    /// of the model names (CRC-32 when none). Unknown names are reported one by one and skipped.
    /// </summary>
    /// <exception cref="PSSocketException">InvalidCrcParameter for a mix of -Model and custom parameters, or custom parameters without -Width and -Polynomial; the custom model's own validation errors.</exception>
    public static List<CrcModel> Resolve<TCmdlet>(TCmdlet cmdlet, Action<PSSocketException> writeFault)
        where TCmdlet : PSCmdlet, ICrcModelParameters
    {
        var bound = cmdlet.MyInvocation.BoundParameters;
        string[] custom = [nameof(cmdlet.Width), nameof(cmdlet.Polynomial), nameof(cmdlet.Init), nameof(cmdlet.ReflectIn), nameof(cmdlet.ReflectOut), nameof(cmdlet.XorOut)];
        if (custom.Any(bound.ContainsKey))
        {
            if (cmdlet.ModelNames is not null)
            {
                throw new PSSocketException("InvalidCrcParameter", FaultCategory.InvalidArgument, cmdlet.ModelNames,
                    "Give either -Model or custom parameters (-Width -Polynomial ...), not both.");
            }

            if (!bound.ContainsKey(nameof(cmdlet.Width)) || !bound.ContainsKey(nameof(cmdlet.Polynomial)))
            {
                throw new PSSocketException("InvalidCrcParameter", FaultCategory.InvalidArgument, null,
                    "A custom CRC needs at least -Width and -Polynomial.");
            }

            return [CrcCatalogue.Custom(cmdlet.Width, Value(cmdlet.Polynomial, nameof(cmdlet.Polynomial)),
                bound.ContainsKey(nameof(cmdlet.Init)) ? Value(cmdlet.Init, nameof(cmdlet.Init)) : UInt128.Zero,
                cmdlet.ReflectIn.IsPresent,
                cmdlet.ReflectOut.IsPresent,
                bound.ContainsKey(nameof(cmdlet.XorOut)) ? Value(cmdlet.XorOut, nameof(cmdlet.XorOut)) : UInt128.Zero)];
        }

        var models = new List<CrcModel>();
        foreach (string name in cmdlet.ModelNames ?? ["CRC-32"])
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
