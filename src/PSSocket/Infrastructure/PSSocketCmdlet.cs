using System.Management.Automation;
using PSSocket.Core;

namespace PSSocket.Infrastructure;

/// <summary>Base of every PSSocket cmdlet: turns engine failures into ErrorRecords.</summary>
public abstract class PSSocketCmdlet : PSCmdlet
{
    /// <summary>One bad input: report it and go on with the next.</summary>
    protected void WriteFault(PSSocketException fault) => WriteError(Errors.From(fault));

    /// <summary>The cmdlet cannot go on.</summary>
    protected void ThrowFault(PSSocketException fault) => ThrowTerminatingError(Errors.From(fault));
}
