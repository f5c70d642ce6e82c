namespace HelpGen;

/// <summary>A problem in a help page, reported as an MSBuild error at its line.</summary>
internal sealed record HelpError(string File, int Line, string Message)
{
    public override string ToString() => $"{File}({Line}): error HELP001: {Message}";
}

internal sealed record ParameterHelp(string Name, int Line, IReadOnlyList<string> Description, string? DefaultValue);

internal sealed record TypeHelp(string Name, IReadOnlyList<string> Description);

/// <summary>
/// An example: its code, the output the page states (null when it states none), whether that
/// output varies from run to run (ports, times) and is therefore shown but not compared.
/// </summary>
internal sealed record ExampleHelp(string Title, string Code, string? Output, bool OutputVaries, IReadOnlyList<string> Remarks);

internal sealed record LinkHelp(string Text, string? Uri);

/// <summary>The hand-written part of one cmdlet's help: docs/en-US/&lt;Verb-Noun&gt;.md.</summary>
internal sealed record HelpPage(
    string File,
    string Name,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<LinkHelp> Links);
