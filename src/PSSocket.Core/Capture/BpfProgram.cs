namespace PSSocket.Core.Capture;

/// <summary>A classic BPF program: what SO_ATTACH_FILTER takes and what pcap_compile produces.</summary>
internal sealed class BpfProgram
{
    public BpfProgram(IReadOnlyList<BpfInstruction> instructions, string description)
    {
        if (instructions.Count is 0 or > 4096)
        {
            throw new ArgumentException("A BPF program has 1 to 4096 instructions (BPF_MAXINSNS).", nameof(instructions));
        }

        Instructions = instructions;
        Description = description;
    }

    public IReadOnlyList<BpfInstruction> Instructions { get; }

    /// <summary>What the program selects, for messages.</summary>
    public string Description { get; }

    /// <summary>
    /// This program, then <paramref name="next"/>: a packet passes only if both accept. Each accepting
    /// return of this program becomes a jump to the start of the next one (ja has a 32-bit offset, so
    /// any length works); its rejecting returns stay.
    /// </summary>
    public BpfProgram Then(BpfProgram next)
    {
        var joined = new List<BpfInstruction>(Instructions.Count + next.Instructions.Count);
        for (int i = 0; i < Instructions.Count; i++)
        {
            var op = Instructions[i];
            bool accepts = op.IsReturn && (op.Code & 0x18) == BpfInstruction.K_ && op.K != 0;
            joined.Add(accepts ? new BpfInstruction((ushort)(BpfInstruction.Jmp | BpfInstruction.Ja), 0, 0, (uint)(Instructions.Count - i - 1)) : op);
        }

        joined.AddRange(next.Instructions);
        return new BpfProgram(joined, Description + " and " + next.Description);
    }
}
