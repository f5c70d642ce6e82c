namespace PSSocket.Core.Analysis;

/// <summary>One side of a conversation as users read it.</summary>
internal readonly record struct Endpoint(string Address, int Port)
{
    public override string ToString() => PacketConversation.Endpoint(Address, Port);
}
