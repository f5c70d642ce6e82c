using System.Management.Automation;

namespace PSSocket.Infrastructure;

/// <summary>
/// The CRC model parameters that Get-Crc and Test-Crc both take: the one list of them that
/// <see cref="CrcArguments.Resolve"/> reads, by property rather than by name. PowerShell binds
/// parameters only to properties of the cmdlet's own class hierarchy, and the two cmdlets derive
/// from different bases (Get-Crc reads files too), so each cmdlet declares the properties.
/// </summary>
internal interface ICrcModelParameters
{
    /// <summary>The catalogue names asked for, or null for none.</summary>
    IReadOnlyList<string>? ModelNames { get; }

    int Width { get; }

    object? Polynomial { get; }

    object? Init { get; }

    SwitchParameter ReflectIn { get; }

    SwitchParameter ReflectOut { get; }

    object? XorOut { get; }
}
