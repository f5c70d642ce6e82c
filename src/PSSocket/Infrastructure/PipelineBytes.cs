using System.Collections;
using System.Globalization;
using System.Management.Automation;
using PSSocket.Core;

namespace PSSocket.Infrastructure;

/// <summary>
/// Turns what users pipe into bytes. PowerShell unrolls a byte[] into single bytes, so loose
/// bytes (and small integers) are collected until EndProcessing; a byte[] passed whole
/// (<c>-InputObject $b</c> or <c>,$b |</c>), an array of numbers, or a string is one item.
/// </summary>
internal sealed class PipelineBytes
{
    private readonly Func<string, byte[]> _fromString;
    private List<byte>? _loose;

    /// <param name="fromString">How a string becomes bytes: text encoding or hex, per cmdlet.</param>
    public PipelineBytes(Func<string, byte[]> fromString) => _fromString = fromString;

    /// <summary>True when loose bytes have been collected and await <see cref="TakeLoose"/>.</summary>
    public bool HasLoose => _loose is { Count: > 0 };

    /// <summary>
    /// Converts one pipeline item. Returns the bytes of a whole item, or null when the item was a
    /// loose byte that was collected.
    /// </summary>
    /// <exception cref="PSSocketException">InvalidInputObject when the item is not bytes, numbers 0-255 or text.</exception>
    public byte[]? Add(object? item)
    {
        object? value = PipelineValue.Unwrap(item);
        switch (value)
        {
            case byte[] bytes:
                return bytes;
            case string text:
                return _fromString(text);
            case byte b:
                (_loose ??= []).Add(b);
                return null;
            case IEnumerable sequence:
                return FromNumbers(sequence, item);
            default:
                (_loose ??= []).Add(ToByte(value, item));
                return null;
        }
    }

    /// <summary>The loose bytes collected so far, as one item; the collection starts again empty.</summary>
    public byte[] TakeLoose()
    {
        byte[] bytes = _loose is null ? [] : [.. _loose];
        _loose = null;
        return bytes;
    }

    private static byte[] FromNumbers(IEnumerable sequence, object? item)
    {
        var bytes = new List<byte>();
        foreach (object? element in sequence)
        {
            bytes.Add(ToByte(PipelineValue.Unwrap(element), item));
        }

        return [.. bytes];
    }

    private static byte ToByte(object? value, object? item)
    {
        long number = value switch
        {
            byte v => v,
            sbyte v => v,
            short v => v,
            ushort v => v,
            int v => v,
            uint v => v,
            long v => v,
            ulong v when v <= long.MaxValue => (long)v,
            char v => v,
            _ => -1,
        };
        if (number is < 0 or > 255)
        {
            throw new PSSocketException("InvalidInputObject", FaultCategory.InvalidArgument, item,
                string.Create(CultureInfo.InvariantCulture,
                    $"'{value}' ({value?.GetType().Name ?? "null"}) is not a byte: give byte[], numbers from 0 to 255, or a string."));
        }

        return (byte)number;
    }
}
