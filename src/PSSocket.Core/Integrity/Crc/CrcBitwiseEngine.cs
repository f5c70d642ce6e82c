namespace PSSocket.Core.Integrity.Crc;

/// <summary>
/// The shift register exactly as the definition reads, one bit per step. Slow, but it has no
/// width limit and nothing to get wrong, so every other engine is tested against it.
/// </summary>
internal sealed class CrcBitwiseEngine : CrcEngine
{
    private readonly UInt128 _mask;
    private readonly UInt128 _poly;
    private readonly UInt128 _reflectedPoly;

    public CrcBitwiseEngine(CrcModel model)
        : base(model)
    {
        _mask = CrcMath.Mask(model.Width);
        _poly = model.PolynomialValue;
        _reflectedPoly = CrcMath.Reflect(model.PolynomialValue, model.Width);
    }

    public override CrcEngineKind Kind => CrcEngineKind.Bitwise;

    public override UInt128 Update(UInt128 register, ReadOnlySpan<byte> data)
    {
        int top = Model.Width - 1;
        foreach (byte b in data)
        {
            for (int i = 0; i < 8; i++)
            {
                if (Model.RefIn)
                {
                    bool feedback = ((register ^ (UInt128)(uint)(b >> i)) & UInt128.One) != UInt128.Zero;
                    register >>= 1;
                    if (feedback)
                    {
                        register ^= _reflectedPoly;
                    }
                }
                else
                {
                    bool feedback = (((register >> top) ^ (UInt128)(uint)(b >> (7 - i))) & UInt128.One) != UInt128.Zero;
                    register = (register << 1) & _mask;
                    if (feedback)
                    {
                        register ^= _poly;
                    }
                }
            }
        }

        return register;
    }
}
