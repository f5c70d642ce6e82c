using Xunit.Abstractions;
using Xunit.Sdk;

namespace PSSocket.TestSupport;

/// <summary>Turns a <see cref="PeerFactAttribute"/> whose peer is missing under the switch into a failing test.</summary>
public sealed class PeerFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        PeerFailure.Of(factAttribute, discoveryOptions, testMethod, DiagnosticMessageSink) ?? base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Turns a <see cref="PeerTheoryAttribute"/> whose peer is missing under the switch into a failing test.</summary>
public sealed class PeerTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        PeerFailure.Of(theoryAttribute, discoveryOptions, testMethod, DiagnosticMessageSink) ?? base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

internal static class PeerFailure
{
    public static IXunitTestCase[]? Of(IAttributeInfo attribute, ITestFrameworkDiscoveryOptions options, ITestMethod method, IMessageSink sink) =>
        attribute.GetNamedArgument<string?>("Failure") is { } failure
            ? [new ExecutionErrorTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method, failure)]
            : null;
}
