using System.Text.RegularExpressions;

namespace PSSocket.Tests;

/// <summary>
/// Reads the keys of PSSocket.psd1 the contract depends on. The manifest is a PowerShell data
/// file; without pwsh we read its few shapes (quoted scalars and @( ) lists of quoted strings).
/// </summary>
internal sealed partial class Manifest
{
    private readonly string _text;

    public Manifest(string path) => _text = File.ReadAllText(path);

    public static Manifest Load() => new(Repo.Of("PSSocket.psd1"));

    public string Scalar(string key)
    {
        var m = Regex.Match(_text, $@"^\s*{key}\s*=\s*'([^']*)'", RegexOptions.Multiline);
        Assert.True(m.Success, $"PSSocket.psd1 has no {key} = '...'");
        return m.Groups[1].Value;
    }

    public IReadOnlyList<string> List(string key)
    {
        var m = Regex.Match(_text, $@"^\s*{key}\s*=\s*@\((.*?)\)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(m.Success, $"PSSocket.psd1 has no {key} = @(...)");
        string body = CommentLine().Replace(m.Groups[1].Value, string.Empty);
        return [.. QuotedString().Matches(body).Select(q => q.Groups[1].Value)];
    }

    [GeneratedRegex(@"#[^\r\n]*")]
    private static partial Regex CommentLine();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedString();
}
