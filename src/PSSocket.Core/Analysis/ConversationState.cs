namespace PSSocket.Core.Analysis;

/// <summary>How a TCP connection stood at the end of the packets: the teardown the capture shows.</summary>
public enum ConversationState
{
    /// <summary>Neither side sent FIN or RST.</summary>
    Open,

    /// <summary>One side sent FIN; the other had not.</summary>
    HalfClosed,

    /// <summary>Both sides sent FIN: an orderly teardown.</summary>
    Closed,

    /// <summary>A side sent RST.</summary>
    Reset,
}
