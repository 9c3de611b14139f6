/// The normaliser's common path on UTF-8 bytes: the same output as `normalizeCommon` into
/// a `UTF8Sink`, without decoding ASCII and the BMP's CJK, full-width and punctuation
/// characters into scalars and encoding them again (a quarter of the per-item path).
/// Other characters go through the scalar rules one by one; nil where those rules want
/// the full NFKC path.
extension TextNormalizer {
    static func normalizedUTF8Bytes(_ input: UnsafeBufferPointer<UInt8>, foldTraditional: Bool) -> [UInt8]? {
        // Every rule here writes at most as many bytes as it reads, except a fold into
        // another plane (never in OpenCC's tables, but checked): room for one more scalar.
        var complete = true
        let output = [UInt8](unsafeUninitializedCapacity: input.count + 4) { out, count in
            if let written = normalizeBytes(input, foldTraditional: foldTraditional, into: out) {
                count = written
            } else {
                complete = false
                count = 0
            }
        }
        return complete ? output : nil
    }

    /// The common path's bytes written at the start of `out`: how many, or nil where the
    /// text needs the full path (or, which the rules never do, would not fit).
    static func normalizeBytes(_ input: UnsafeBufferPointer<UInt8>, foldTraditional: Bool, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let folds = TraditionalChinese.denseFolds
        let capacity = out.count
        var complete = true
        return folds.table.withUnsafeBufferPointer { dense -> Int? in
            TraditionalChinese.denseFoldBits.withUnsafeBufferPointer { foldBits -> Int? in
                var (o, i, lastWasSpace) = (0, 0, false)
                let n = input.count
                func write(_ value: UInt32) {
                    if value < 0x80 {
                        out[o] = UInt8(value)
                        o += 1
                    } else if value < 0x800 {
                        out[o] = UInt8(0xC0 | (value >> 6))
                        out[o + 1] = UInt8(0x80 | (value & 0x3F))
                        o += 2
                    } else if value < 0x10000 {
                        out[o] = UInt8(0xE0 | (value >> 12))
                        out[o + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                        out[o + 2] = UInt8(0x80 | (value & 0x3F))
                        o += 3
                    } else {
                        out[o] = UInt8(0xF0 | (value >> 18))
                        out[o + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
                        out[o + 2] = UInt8(0x80 | ((value >> 6) & 0x3F))
                        out[o + 3] = UInt8(0x80 | (value & 0x3F))
                        o += 4
                    }
                    lastWasSpace = false
                }
                func space() {
                    if !lastWasSpace {
                        out[o] = 0x20
                        o += 1
                    }
                    lastWasSpace = true
                }
                while i < n && o + 4 <= capacity {
                    let byte = input[i]
                    // The common case first: an ideograph of the dense range that folds to
                    // itself is copied as it is, without decoding and encoding it.
                    if byte >= 0xE3 && byte <= 0xE9 && i + 2 < n {
                        let value = UInt32(byte & 0x0F) << 12 | UInt32(input[i + 1] & 0x3F) << 6 | UInt32(input[i + 2] & 0x3F)
                        if value >= 0x3400 && value < 0xA000 && (value < 0x4DC0 || value >= 0x4E00) {
                            let offset = Int(value - folds.start)
                            if foldTraditional && foldBits[offset >> 6] & (1 << UInt64(offset & 63)) != 0 {
                                write(dense[offset])
                            } else {
                                out[o] = byte
                                out[o + 1] = input[i + 1]
                                out[o + 2] = input[i + 2]
                                o += 3
                                lastWasSpace = false
                            }
                            i += 3
                            continue
                        }
                    }
                    if byte < 0x80 && byte > 0x20 && (byte < 0x41 || byte > 0x5A) && byte != 0x7F {
                        out[o] = byte
                        o += 1
                        lastWasSpace = false
                        i += 1
                        continue
                    }
                    if byte < 0x80 {
                        i += 1
                        switch byte {
                        case 0x41...0x5A: write(UInt32(byte) + 0x20)
                        case 0x20, 0x09, 0x0A, 0x0D: space()
                        case 0x00...0x1F, 0x7F: continue
                        default: write(UInt32(byte))
                        }
                        continue
                    }
                    // Swift strings hold valid UTF-8: the lead byte says the length.
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    guard i + length <= n else {
                        complete = false
                        break
                    }
                    var value = UInt32(byte) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
                    for k in 1..<length { value = value << 6 | UInt32(input[i + k] & 0x3F) }
                    i += length
                    switch value {
                    case 0x4E00...0x9FFF, 0x3400...0x4DBF:
                        let mapped = foldTraditional ? dense[Int(value - folds.start)] : 0
                        write(mapped == 0 ? value : mapped)
                    case 0xFF01...0xFF5E:
                        let ascii = value - 0xFEE0
                        write(ascii >= 0x41 && ascii <= 0x5A ? ascii + 0x20 : ascii)
                    case 0x3000:
                        space()
                    case 0x2026:
                        for _ in 0..<3 { write(0x2E) }
                    case 0x3036, 0x3038...0x303A:
                        complete = false
                    case 0x3001...0x303F, 0x2010, 0x2013...0x2014, 0x2018...0x2019, 0x201C...0x201D, 0x2022, 0xFF5F...0xFF65:
                        write(value)
                    default:
                        guard let scalar = Unicode.Scalar(value) else {
                            complete = false
                            break
                        }
                        if isInvisible(scalar) { continue }
                        let properties = scalar.properties
                        if properties.isWhitespace || properties.changesWhenNFKCCaseFolded || properties.canonicalCombiningClass != .notReordered {
                            complete = false
                            break
                        }
                        write((foldTraditional ? TraditionalChinese.simplified(scalar) : scalar).value)
                    }
                    if !complete { break }
                }
                if i < n { complete = false }
                return complete ? o : nil
            }
        }
    }
}
