using Xunit;
using Xunit.Sdk;

namespace PSSocket.TestSupport;

/// <summary>
/// A fact that runs real programs: skipped with the reason where one is missing, failed instead
/// where PSSOCKET_REQUIRE_PEERS=1. <see cref="NeedsRoot"/> adds the root-only skip.
/// </summary>
[XunitTestCaseDiscoverer("PSSocket.TestSupport.PeerFactDiscoverer", "PSSocket.TestSupport")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public class PeerFactAttribute : FactAttribute
{
    private readonly Requirement _requirement;
    private string? _skip;

    public PeerFactAttribute(params string[] programs)
    {
        Programs = programs;
        _requirement = new Requirement(FindMissing, () => NeedsRoot);
    }

    public IReadOnlyList<string> Programs { get; }

    public bool NeedsRoot { get; set; }

    public override string? Skip { get => _skip ?? _requirement.Skip; set => _skip = value; }

    /// <summary>Why the test must fail rather than run or skip; read by the discoverer.</summary>
    public string? Failure => _requirement.Failure;

    /// <summary>The reason the test cannot run here, or null.</summary>
    protected virtual string? FindMissing() => Peers.Missing(Programs);
}

/// <summary>A theory that runs real programs; see <see cref="PeerFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("PSSocket.TestSupport.PeerTheoryDiscoverer", "PSSocket.TestSupport")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PeerTheoryAttribute : TheoryAttribute
{
    private readonly Requirement _requirement;
    private string? _skip;

    public PeerTheoryAttribute(params string[] programs)
    {
        Programs = programs;
        _requirement = new Requirement(() => Peers.Missing(Programs), () => NeedsRoot);
    }

    public IReadOnlyList<string> Programs { get; }

    public bool NeedsRoot { get; set; }

    public override string? Skip { get => _skip ?? _requirement.Skip; set => _skip = value; }

    public string? Failure => _requirement.Failure;
}
