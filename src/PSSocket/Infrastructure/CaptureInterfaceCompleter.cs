using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSSocket.Core;
using PSSocket.Core.Capture;

namespace PSSocket.Infrastructure;

/// <summary>Tab completion of -Interface from the interfaces Get-CaptureInterface lists.</summary>
public sealed class CaptureInterfaceCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IReadOnlyList<CaptureInterface> interfaces;
        try
        {
            interfaces = CaptureInterfaces.List();
        }
        catch (PSSocketException)
        {
            yield break; // no capture on this platform: nothing to offer
        }

        var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        foreach (var i in interfaces.Where(i => pattern.IsMatch(i.Name)))
        {
            string addresses = i.Addresses.Count > 0 ? " " + string.Join(", ", i.Addresses) : string.Empty;
            yield return new CompletionResult(i.Name, i.Name, CompletionResultType.ParameterValue, $"{i.Name} ({i.LinkType}{addresses})");
        }
    }
}
