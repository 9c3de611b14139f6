/// Folds traditional Chinese characters to their simplified forms, one character for one
/// (so offsets in characters are kept), from OpenCC's tables (see
/// `TraditionalChineseTable.swift` and the script that generates it).
public enum TraditionalChinese {
    /// The first scalar of the dense lookup range (CJK Extension A and the URO).
    private static let denseStart: UInt32 = 0x3400
    private static let denseEnd: UInt32 = 0xA000

    private struct Table: Sendable {
        /// `dense[scalar - denseStart]`: the simplified scalar, or 0 when unchanged.
        var dense: [UInt32]
        var sparse: [UInt32: Unicode.Scalar]
    }

    private static let table: Table = {
        var dense = [UInt32](repeating: 0, count: Int(denseEnd - denseStart))
        var sparse: [UInt32: Unicode.Scalar] = [:]
        var iterator = pairs.unicodeScalars.makeIterator()
        while let from = iterator.next(), let to = iterator.next() {
            if from.value >= denseStart && from.value < denseEnd {
                dense[Int(from.value - denseStart)] = to.value
            } else {
                sparse[from.value] = to
            }
        }
        return Table(dense: dense, sparse: sparse)
    }()

    /// The dense range's folds for a byte-level loop: `dense[scalar - 0x3400]` for scalars
    /// 0x3400..<0xA000, the simplified scalar or 0 when unchanged (no fold there leaves
    /// the range's three-byte UTF-8 form).
    static var denseFolds: (start: UInt32, end: UInt32, table: [UInt32]) { (denseStart, denseEnd, table.dense) }

    /// One bit per scalar of the dense range, set where it folds: 3.4 KB that stay in the
    /// first-level cache, where the 108 KB table would not (most text folds nothing).
    static let denseFoldBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: (Int(denseEnd - denseStart) + 63) / 64)
        for (offset, mapped) in table.dense.enumerated() where mapped != 0 { bits[offset >> 6] |= 1 << UInt64(offset & 63) }
        return bits
    }()

    /// How many characters the table folds.
    public static var mappingCount: Int { table.dense.lazy.filter { $0 != 0 }.count + table.sparse.count }

    /// The simplified form of `scalar`, or `scalar` itself.
    @inline(__always)
    public static func simplified(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        guard value >= denseStart else { return scalar }
        if value < denseEnd {
            let mapped = table.dense[Int(value - denseStart)]
            return mapped == 0 ? scalar : Unicode.Scalar(mapped) ?? scalar
        }
        return table.sparse[value] ?? scalar
    }

    /// `text` with every traditional character folded.
    public static func simplify(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(simplified(scalar)) }
        return String(result)
    }
}
