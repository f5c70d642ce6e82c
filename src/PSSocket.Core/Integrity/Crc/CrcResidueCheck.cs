namespace PSSocket.Core.Integrity.Crc;

/// <summary>What a codeword check found: the register the codeword left, and whether its CRC field could be a CRC at all.</summary>
internal readonly record struct CrcResidueCheck(UInt128 Register, bool FieldFits);
