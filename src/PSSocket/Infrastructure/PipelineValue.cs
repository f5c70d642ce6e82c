using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;

namespace PSSocket.Infrastructure;

/// <summary>
/// What a value from PowerShell really is. Piped values, array elements and property values often
/// arrive wrapped in a PSObject, so every type test looks at the object inside.
/// </summary>
internal static class PipelineValue
{
    [return: NotNullIfNotNull(nameof(value))]
    public static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;
}
