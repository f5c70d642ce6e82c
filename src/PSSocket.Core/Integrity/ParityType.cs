namespace PSSocket.Core.Integrity;

/// <summary>Even parity makes the number of 1s even; odd parity makes it odd.</summary>
public enum ParityType
{
    Even,
    Odd,
}
