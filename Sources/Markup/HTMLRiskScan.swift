#if canImport(Glibc)
    import Glibc
#endif

/// The sanitiser's cheap lexical pre-check, so that the usual harmless HTML of a summary
/// is not parsed at all. It answers false only when no dropped element, no `on…`
/// attribute, no `style`/`srcdoc`, no `…script:`/`data:`, no character reference inside a
/// tag (`javascript&#58;`) and (when rewriting) no URL attribute can be present.
/// Case-insensitive; when in doubt it answers true.
enum HTMLRiskScan {
    private static let droppedNames: Set<[UInt8]> = Set(HTMLTreeSanitizer.droppedElements.map { Array($0.utf8) })

    static func mayNeedChanges(_ html: String, rewritingURLs: Bool) -> Bool {
        var html = html
        return html.withUTF8 { mayNeedChanges($0, rewritingURLs: rewritingURLs) }
    }

    /// Everything that can need a change sits inside a tag, so text between tags is
    /// skipped. A tag without quotes ends at the first `>` for libxml2's HTML parser as
    /// here; a tag with quotes, a comment, a declaration or an unclosed tag sends the rest
    /// of the input through the byte-by-byte scan instead.
    static func mayNeedChanges(_ bytes: UnsafeBufferPointer<UInt8>, rewritingURLs: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var index = 0
        while index < count {
            guard let open = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { return false }
            let start = UnsafeRawPointer(open) - UnsafeRawPointer(base)
            guard start + 1 < count, bytes[start + 1] != UInt8(ascii: "!"), bytes[start + 1] != UInt8(ascii: "?"),
                let close = memchr(base + start + 1, Int32(UInt8(ascii: ">")), count - start - 1)
            else { return scan(bytes, start..<count, rewritingURLs: rewritingURLs) }
            let end = UnsafeRawPointer(close) - UnsafeRawPointer(base) + 1
            let tag = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if tag.contains(UInt8(ascii: "\"")) || tag.contains(UInt8(ascii: "'")) {
                return scan(bytes, start..<count, rewritingURLs: rewritingURLs)
            }
            if scan(bytes, start..<end, rewritingURLs: rewritingURLs) { return true }
            index = end
        }
        return false
    }

    /// The byte-by-byte check of `range`.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, rewritingURLs: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        /// ASCII upper case folded to lower case.
        @inline(__always) func lower(_ index: Int) -> UInt8 {
            let byte = bytes[index]
            return byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
        }
        @inline(__always) func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        func matches(_ index: Int, _ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard index + length <= count else { return false }
            let expected = word.utf8Start
            for offset in 0..<length where lower(index + offset) != expected[offset] { return false }
            return true
        }
        var index = range.lowerBound
        var insideTag = false
        while index < range.upperBound {
            let byte = bytes[index]
            if byte >= 0x80 {  // most of a Chinese summary: skip it eight bytes at a time
                index += 1
                while index + 8 <= range.upperBound,
                    UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0x8080_8080_8080_8080
                {
                    index += 8
                }
                continue
            }
            switch byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0) {
            case UInt8(ascii: "<"):
                insideTag = true
                var end = index + 1
                while end < count, isLetter(lower(end)) { end += 1 }
                if end > index + 1, end - index - 1 <= 10, droppedNames.contains((index + 1..<end).map { lower($0) }) { return true }
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                if index + 3 < count, lower(index + 1) == UInt8(ascii: "o"), lower(index + 2) == UInt8(ascii: "n"), isLetter(lower(index + 3)) {
                    return true
                }
            case UInt8(ascii: "&"):
                // Every range starts at a `<`; with quotes about, any later reference may
                // sit in an attribute value.
                if insideTag { return true }
            case UInt8(ascii: ":"):
                if index >= 6, matches(index - 6, "script") { return true }
                if index >= 4, matches(index - 4, "data") { return true }
            case UInt8(ascii: "s"):
                if matches(index, "style") || matches(index, "srcdoc") { return true }
                if rewritingURLs && matches(index, "src") { return true }
            case UInt8(ascii: "h"):
                if rewritingURLs && matches(index, "href") { return true }
            case UInt8(ascii: "a"):
                if rewritingURLs && matches(index, "action") { return true }
            case UInt8(ascii: "b"):
                if rewritingURLs && matches(index, "background") { return true }
            case UInt8(ascii: "p"):
                if rewritingURLs && matches(index, "poster") { return true }
            default:
                break
            }
            index += 1
        }
        return false
    }
}
