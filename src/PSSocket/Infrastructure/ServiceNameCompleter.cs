using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSSocket.Core.Host;

namespace PSSocket.Infrastructure;

/// <summary>Tab completion of service names and aliases from the port registry, with their ports as the tooltip.</summary>
public sealed class ServiceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        ServiceRegistry registry = ServiceRegistry.System;
        foreach (string name in registry.Names.Where(pattern.IsMatch))
        {
            string ports = string.Join(", ", registry.ByName(name).Select(s => $"{s.Port}/{s.Protocol}"));
            yield return new CompletionResult(name, name, CompletionResultType.ParameterValue, $"{name}: {ports}");
        }
    }
}
