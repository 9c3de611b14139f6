/// The normaliser's common path on UTF-8 bytes: the same output as `normalizeCommon` into
/// a `UTF8Sink`, without decoding ASCII and the BMP's CJK, full-width and punctuation
/// characters into scalars and encoding them again (a quarter of the per-item path).
/// Other characters go through the scalar rules one by one; nil where those rules want
/// the full NFKC path.
extension TextNormalizer {
    static func normalizedUTF8Bytes(_ input: UnsafeBufferPointer<UInt8>, foldTraditional: Bool) -> [UInt8]? {
        let folds = TraditionalChinese.denseFolds
        // Every rule here writes at most as many bytes as it reads, except a fold into
        // another plane (never in OpenCC's tables, but checked): room for one more scalar.
        let capacity = input.count + 4
        var complete = true
        let output = folds.table.withUnsafeBufferPointer { dense in
            [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
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
                count = o
            }
        }
        return complete ? output : nil
    }
}
