using System.Xml.Linq;

namespace HelpGen;

/// <summary>
/// Writes one MAML command entry: syntax and parameter metadata from the cmdlet, prose and
/// examples from its page. Get-Help renders syntax from these elements, so they follow the
/// order and type names <c>Get-Command -Syntax</c> uses.
/// </summary>
internal static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    // The two ShouldProcess parameters PowerShell adds; a page may describe them, else these do.
    private static readonly (string Name, string Alias, string Text)[] RiskParameters =
    [
        ("WhatIf", "wi", "Shows what would happen if the cmdlet runs. The cmdlet is not run."),
        ("Confirm", "cf", "Prompts you for confirmation before running the cmdlet."),
    ];

    public static XDocument Document(IEnumerable<XElement> commands) =>
        new(new XDeclaration("1.0", "utf-8", null), new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands));

    public static XElement Entry(CmdletDescription cmdlet, HelpPage page)
    {
        var risk = cmdlet.SupportsShouldProcess ? RiskParameters : [];
        var described = page.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var byName = cmdlet.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);

        return new XElement(
            Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(
                Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                Description(page.Synopsis)),
            Description(page.Description),
            new XElement(
                Command + "syntax",
                cmdlet.Syntax.Select(line => new XElement(
                    Command + "syntaxItem",
                    new XElement(Maml + "name", cmdlet.Name),
                    line.Parameters.Select(p => SyntaxParameter(p.Parameter, p.Usage)),
                    risk.Select(r => RiskParameter(r.Name, r.Alias, null))))),
            new XElement(
                Command + "parameters",
                page.Parameters.Where(p => byName.ContainsKey(p.Name)).Select(p => Parameter(cmdlet, byName[p.Name], p)),
                risk.Select(r => RiskParameter(r.Name, r.Alias, described.TryGetValue(r.Name, out var d) ? d.Description : [r.Text]))),
            new XElement(Command + "inputTypes", page.Inputs.Select(t => new XElement(Command + "inputType", TypeOf(t.Name), Description(t.Description)))),
            new XElement(Command + "returnValues", page.Outputs.Select(t => new XElement(Command + "returnValue", TypeOf(t.Name), Description(t.Description)))),
            page.Notes.Count == 0 ? null : new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(page.Notes))),
            new XElement(Command + "examples", page.Examples.Select(Example)),
            new XElement(
                Command + "relatedLinks",
                page.Links.Select(l => new XElement(
                    Maml + "navigationLink",
                    new XElement(Maml + "linkText", l.Text),
                    new XElement(Maml + "uri", l.Uri ?? string.Empty)))));
    }

    /// <summary>
    /// The metadata Get-Help shows for a parameter is one value per attribute, though a parameter
    /// may differ between sets: position and Required come from the first set (in Get-Command's
    /// order) the parameter is in, pipeline input is true when any set takes it; the
    /// per-set differences are spelled out in a generated paragraph.
    /// </summary>
    public static SetUsage Primary(CmdletDescription cmdlet, CmdletParameter parameter) =>
        cmdlet.Syntax.SelectMany(l => l.Parameters).First(p => p.Parameter == parameter).Usage;

    public static string PipelineInput(CmdletParameter parameter)
    {
        bool byValue = parameter.Sets.Values.Any(u => u.ByValue);
        bool byName = parameter.Sets.Values.Any(u => u.ByPropertyName);
        return (byValue, byName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
    }

    private static XElement SyntaxParameter(CmdletParameter parameter, SetUsage usage) =>
        new(
            Command + "parameter",
            new XAttribute("required", usage.Mandatory ? "true" : "false"),
            new XAttribute("position", usage.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XElement(Maml + "name", parameter.Name),
            parameter.IsSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), parameter.SyntaxType));

    private static XElement Parameter(CmdletDescription cmdlet, CmdletParameter parameter, ParameterHelp help)
    {
        var usage = Primary(cmdlet, parameter);
        var text = new List<string>(help.Description);
        var differing = cmdlet.Syntax
            .Select(l => (l.SetName, Usage: l.Parameters.Where(p => p.Parameter == parameter).Select(p => p.Usage).FirstOrDefault()))
            .Where(x => x.Usage is not null)
            .ToList();
        if (differing.Select(x => (x.Usage!.Position, x.Usage.Mandatory, x.Usage.ByValue, x.Usage.ByPropertyName)).Distinct().Count() > 1)
        {
            text.Add("By parameter set: " + string.Join("; ", differing.Select(x => $"{x.SetName}: {Describe(x.Usage!)}")) + ".");
        }

        if (parameter.AcceptedValues.Count > 0)
        {
            text.Add("Accepted values: " + string.Join(", ", parameter.AcceptedValues) + ".");
        }

        return new XElement(
            Command + "parameter",
            new XAttribute("required", usage.Mandatory ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", parameter.Globbing ? "true" : "false"),
            new XAttribute("pipelineInput", PipelineInput(parameter)),
            new XAttribute("position", usage.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named"),
            new XAttribute("aliases", parameter.Aliases.Count == 0 ? "none" : string.Join(", ", parameter.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(text),
            new XElement(Command + "parameterValue", new XAttribute("required", parameter.IsSwitch ? "false" : "true"), parameter.SyntaxType),
            parameter.AcceptedValues.Count == 0 ? null : new XElement(
                Command + "parameterValueGroup",
                parameter.AcceptedValues.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))),
            TypeOf(parameter.FullType),
            new XElement(Dev + "defaultValue", help.DefaultValue ?? (parameter.IsSwitch ? "False" : "None")));
    }

    private static string Describe(SetUsage usage)
    {
        var parts = new List<string> { usage.Position is { } p ? "position " + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named" };
        if (usage.Mandatory)
        {
            parts.Add("mandatory");
        }

        if (usage.ByValue)
        {
            parts.Add("pipeline input by value");
        }

        if (usage.ByPropertyName)
        {
            parts.Add("pipeline input by property name");
        }

        return string.Join(", ", parts);
    }

    private static XElement RiskParameter(string name, string alias, IReadOnlyList<string>? description) =>
        new(
            Command + "parameter",
            new XAttribute("required", "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", "False"),
            new XAttribute("position", "named"),
            new XAttribute("aliases", alias),
            new XElement(Maml + "name", name),
            description is null ? null : Description(description),
            description is null ? null : new XElement(Command + "parameterValue", new XAttribute("required", "false"), "SwitchParameter"),
            description is null ? null : TypeOf("System.Management.Automation.SwitchParameter"),
            description is null ? null : new XElement(Dev + "defaultValue", "False"));

    private static XElement Example(ExampleHelp example, int index)
    {
        string title = example.Title.StartsWith("Example", StringComparison.Ordinal) ? example.Title : $"Example {index + 1}: {example.Title}";
        var remarks = new List<string>();
        if (example.Output is not null)
        {
            remarks.Add(example.Output);
        }

        remarks.AddRange(example.Remarks);
        return new XElement(
            Command + "example",
            new XElement(Maml + "title", $"-------------------------- {title} --------------------------"),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paragraphs(remarks)));
    }

    private static XElement TypeOf(string name) => new(Dev + "type", new XElement(Maml + "name", name));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs) => paragraphs.Select(p => new XElement(Maml + "para", p));
}
