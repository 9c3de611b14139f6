/// The sanitiser's judgement of URL-valued attributes, on decoded value bytes: a URL whose
/// scheme is `javascript:`, `vbscript:` or `data:` (however spaced, split by controls or
/// cased) is refused; a relative one is made absolute against the base (RFC 3986, IRIs kept
/// as written).
enum HTMLAttributeRules {
    /// Writes the value of a single-URL attribute to `output`; false to leave the
    /// attribute out.
    static func writeURL(_ value: [UInt8], base: URLResolver.Base?, into output: inout [UInt8]) -> Bool {
        if isDangerousURL(value[...]) { return false }
        value.withUnsafeBufferPointer { bytes in
            if let base, let reference = relativeReference(bytes[...]) {
                base.resolve(UnsafeBufferPointer(rebasing: bytes[reference]), into: &output)
            } else {
                output.append(contentsOf: bytes)
            }
        }
        return true
    }

    /// Writes an `srcset` value to `output` as `url descriptor, url descriptor`, relative
    /// URLs resolved; false when any candidate is dangerous. Candidates are read as the
    /// HTML standard parses them (`SrcsetList` is the same on strings).
    static func writeURLList(_ value: [UInt8], base: URLResolver.Base?, into output: inout [UInt8]) -> Bool {
        value.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var index = 0
            var first = true
            while index < count {
                while index < count, HTMLTagScanner.isSpace(bytes[index]) || bytes[index] == UInt8(ascii: ",") { index += 1 }
                guard index < count else { break }
                let urlStart = index
                while index < count, !HTMLTagScanner.isSpace(bytes[index]) { index += 1 }
                var urlEnd = index
                var descriptor = index..<index
                if bytes[urlEnd - 1] == UInt8(ascii: ",") {
                    while urlEnd > urlStart, bytes[urlEnd - 1] == UInt8(ascii: ",") { urlEnd -= 1 }
                } else {
                    var depth = 0
                    let start = index
                    while index < count {
                        let byte = bytes[index]
                        if byte == UInt8(ascii: "(") { depth += 1 } else if byte == UInt8(ascii: ")") { depth = max(0, depth - 1) }
                        else if byte == UInt8(ascii: ","), depth == 0 { break }
                        index += 1
                    }
                    descriptor = trimmed(bytes[start..<index])
                    if index < count { index += 1 }
                }
                guard urlEnd > urlStart else { continue }
                let url = bytes[urlStart..<urlEnd]
                if isDangerousURL(url) { return false }
                if !first { output.append(contentsOf: [UInt8(ascii: ","), UInt8(ascii: " ")]) }
                first = false
                if let base, let reference = relativeReference(url) {
                    base.resolve(UnsafeBufferPointer(rebasing: bytes[reference]), into: &output)
                } else {
                    output.append(contentsOf: url)
                }
                if !descriptor.isEmpty {
                    output.append(UInt8(ascii: " "))
                    output.append(contentsOf: bytes[descriptor])
                }
            }
            return true
        }
    }

    /// A script or data URL: the letters before the first `:`, skipping white space and
    /// controls anywhere (as browsers strip them), spell `javascript`, `vbscript` or `data`.
    static func isDangerousURL<Bytes: RandomAccessCollection<UInt8>>(_ value: Bytes) -> Bool where Bytes.Index == Int {
        var letters: [UInt8] = []
        letters.reserveCapacity(11)
        var index = value.startIndex
        while index < value.endIndex, letters.count < 11 {
            let byte = value[index]
            if byte <= 0x20 {
                index += 1
                continue
            }
            if byte >= 0x80 {
                // Unicode white space is skipped too (as the tree sanitiser does); any other
                // character cannot be part of a scheme.
                let (scalar, length) = scalar(in: value, at: index)
                guard let scalar, scalar.properties.isWhitespace else { return false }
                index += length
                continue
            }
            letters.append(HTMLNames.lowercased(byte))
            if byte == UInt8(ascii: ":") { break }
            index += 1
        }
        return letters.starts(with: Array("javascript:".utf8)) || letters.starts(with: Array("vbscript:".utf8))
            || letters.starts(with: Array("data:".utf8))
    }

    /// The range of the reference to resolve, trimmed, when the value is relative: not
    /// empty, no scheme, not a fragment alone.
    static func relativeReference<Bytes: RandomAccessCollection<UInt8>>(_ value: Bytes) -> Range<Int>? where Bytes.Index == Int {
        let range = trimmed(value)
        guard !range.isEmpty, value[range.lowerBound] != UInt8(ascii: "#") else { return nil }
        if HTMLTagScanner.isLetter(value[range.lowerBound]) {
            var index = range.lowerBound + 1
            while index < range.upperBound, URLResolver.Parts.isSchemeByte(value[index]) { index += 1 }
            if index < range.upperBound, value[index] == UInt8(ascii: ":") { return nil }
        }
        return range
    }

    private static func trimmed<Bytes: RandomAccessCollection<UInt8>>(_ value: Bytes) -> Range<Int> where Bytes.Index == Int {
        var start = value.startIndex
        var end = value.endIndex
        while start < end, HTMLTagScanner.isSpace(value[start]) { start += 1 }
        while end > start, HTMLTagScanner.isSpace(value[end - 1]) { end -= 1 }
        return start..<end
    }

    private static func scalar<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes, at index: Int) -> (Unicode.Scalar?, Int)
    where Bytes.Index == Int {
        var iterator = bytes[index...].makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): return (scalar, UTF8.width(scalar))
        default: return (nil, 1)
        }
    }
}
