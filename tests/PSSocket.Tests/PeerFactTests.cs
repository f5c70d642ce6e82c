namespace PSSocket.Tests;

/// <summary>The switch CI relies on: a missing peer skips a test, or fails it under PSSOCKET_REQUIRE_PEERS=1.</summary>
[Collection(nameof(PeerSwitchTests))]
public sealed class PeerFactTests
{
    private const string NoSuchProgram = "pssocket-no-such-program";

    [Fact]
    public void A_missing_program_skips_with_its_name_without_the_switch() => WithSwitch(null, () =>
    {
        var fact = new PeerFactAttribute("sh", NoSuchProgram);
        Assert.Contains(NoSuchProgram, fact.Skip, StringComparison.Ordinal);
        Assert.DoesNotContain("sh,", fact.Skip, StringComparison.Ordinal);
        Assert.Null(fact.Failure);
    });

    [Fact]
    public void A_missing_program_fails_instead_under_the_switch() => WithSwitch("1", () =>
    {
        var fact = new PeerFactAttribute(NoSuchProgram);
        var theory = new PeerTheoryAttribute(NoSuchProgram);
        Assert.Null(fact.Skip);
        Assert.Null(theory.Skip);
        Assert.Contains("PSSOCKET_REQUIRE_PEERS=1", fact.Failure, StringComparison.Ordinal);
        Assert.Contains(NoSuchProgram, theory.Failure, StringComparison.Ordinal);
    });

    [Fact]
    public void Present_programs_neither_skip_nor_fail() => WithSwitch("1", () =>
    {
        var fact = new PeerFactAttribute("sh");
        Assert.Null(fact.Skip);
        Assert.Null(fact.Failure);
    });

    [Fact]
    public void The_switch_takes_only_the_value_1() => WithSwitch("0", () => Assert.NotNull(new PeerFactAttribute(NoSuchProgram).Skip));

    // The attributes read the variable when first asked, so each test sets it before creating one.
    private static void WithSwitch(string? value, Action test)
    {
        string? before = Environment.GetEnvironmentVariable(Peers.RequireVariable);
        Environment.SetEnvironmentVariable(Peers.RequireVariable, value);
        try
        {
            test();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Peers.RequireVariable, before);
        }
    }
}

/// <summary>These tests change a process-wide variable that child processes (pwsh running Pester) inherit: they run alone.</summary>
[CollectionDefinition(nameof(PeerSwitchTests), DisableParallelization = true)]
public sealed class PeerSwitchTests;
