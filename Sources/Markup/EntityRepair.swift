internal import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

/// Feeds are full of HTML entities (`&nbsp;`, `&hellip;`, `&mdash;`) that XML does not
/// define, and of bare ampersands in URLs (`?a=1&b=2`). Before parsing, outside CDATA
/// sections and comments:
/// - a reference to an entity that is neither predefined in XML nor declared in the
///   document becomes the numeric reference HTML gives it (libxml2's HTML entity table);
/// - an ampersand that starts no valid reference (`&b=2`, `&doesnotexist;`) becomes `&amp;`;
/// - `&#X41;` becomes `&#x41;`.
/// libxml2 would otherwise drop those characters. The document is then not well-formed,
/// and the caller says so.
enum EntityRepair {
    struct Result {
        var text: String
        /// Names that were rewritten, in order of first appearance.
        var repaired: [String]
    }

    private static let predefined: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    static func repair(_ text: String) -> Result {
        guard needsRepair(text) else { return Result(text: text, repaired: []) }
        let bytes = Array(text.utf8)
        let declared = declaredEntities(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 64)
        var repaired: [String] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                if let end = skipEnd(bytes, at: index, open: cdataOpen, close: cdataClose)
                    ?? skipEnd(bytes, at: index, open: commentOpen, close: commentClose)
                {
                    output.append(contentsOf: bytes[index..<end])
                    index = end
                    continue
                }
            } else if byte == UInt8(ascii: "&") {
                if let (name, end) = entityName(bytes, at: index) {
                    if predefined.contains(name) || declared.contains(name) {
                        // A valid reference: keep.
                    } else if let value = htmlValue(name) {
                        output.append(contentsOf: Array("&#\(value);".utf8))
                        if !repaired.contains("&\(name);") { repaired.append("&\(name);") }
                        index = end
                        continue
                    } else {
                        output.append(contentsOf: Array("&amp;".utf8))
                        if !repaired.contains("&\(name);") { repaired.append("&\(name);") }
                        index += 1
                        continue
                    }
                } else if let (reference, end) = numericReference(bytes, at: index) {
                    output.append(contentsOf: Array(reference.utf8))
                    if reference.hasPrefix("&#x") && bytes[index + 2] == UInt8(ascii: "X") { repaired.append("&#X") }
                    index = end
                    continue
                } else {
                    output.append(contentsOf: Array("&amp;".utf8))
                    if !repaired.contains("&") { repaired.append("&") }
                    index += 1
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        guard !repaired.isEmpty else { return Result(text: text, repaired: []) }
        return Result(text: String(decoding: output, as: UTF8.self), repaired: repaired)
    }

    /// False when every `&` starts one of the five XML entities or a well-formed decimal or
    /// lower-case hex character reference — nearly every feed — so the copying pass is
    /// skipped.
    static func needsRepair(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(needsRepair)
    }

    static func needsRepair(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(needsRepair)
    }

    static func needsRepair(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var sections = SkippedSections(bytes)
        var index = 0
        while index < count {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "&")), count - index) else { return false }
            index = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if wellFormedReferenceEnd(bytes, at: index) == nil {
                // Inside a CDATA section or a comment an `&` is text: no repair.
                guard let end = sections.end(ofSectionHolding: index) else { return true }
                index = end
                continue
            }
            index += 1
        }
        return false
    }

    /// The index past a reference the fast path accepts at `index` (an `&`): one of the
    /// five XML entities, or a decimal or lower-case hex reference of at most 7 digits.
    private static func wellFormedReferenceEnd(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let count = bytes.count
        let next = index + 1
        if next < count, bytes[next] == UInt8(ascii: "#") {
            var cursor = next + 1
            let hex = cursor < count && bytes[cursor] == UInt8(ascii: "x")
            if hex { cursor += 1 }
            let digitsStart = cursor
            while cursor < count, Self.isDigit(bytes[cursor], hex: hex) { cursor += 1 }
            guard cursor > digitsStart, cursor - digitsStart <= 7, cursor < count, bytes[cursor] == UInt8(ascii: ";") else { return nil }
            return cursor + 1
        }
        return isPredefinedName(bytes, at: next) ? next : nil
    }

    /// CDATA sections and comments, found lazily front to back so that asking about
    /// increasing positions costs one pass over the document in all.
    struct SkippedSections {
        let bytes: UnsafeBufferPointer<UInt8>
        /// Everything before this has been sorted into sections and the rest.
        private var scanned = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// The end of the CDATA section or comment holding `index`, nil when none does.
        mutating func end(ofSectionHolding index: Int) -> Int? {
            guard let base = bytes.baseAddress else { return nil }
            while scanned < index {
                guard let open = find("<!", from: scanned, before: index) else {
                    scanned = index
                    return nil
                }
                let close: StaticString
                let bodyStart: Int
                if open + 9 <= bytes.count, memcmp(base + open, "<![CDATA[", 9) == 0 {
                    (close, bodyStart) = ("]]>", open + 9)
                } else if open + 4 <= bytes.count, memcmp(base + open, "<!--", 4) == 0 {
                    (close, bodyStart) = ("-->", open + 4)
                } else {
                    scanned = open + 2
                    continue
                }
                let end = find(close, from: bodyStart, before: bytes.count).map { $0 + close.utf8CodeUnitCount } ?? bytes.count
                scanned = end
                if end > index { return end }
            }
            return nil
        }

        /// Where `needle` starts in `from..<before` (it may run past `before`).
        private func find(_ needle: StaticString, from start: Int, before limit: Int) -> Int? {
            guard let base = bytes.baseAddress else { return nil }
            let length = needle.utf8CodeUnitCount
            var cursor = start
            while cursor < limit, let found = memchr(base + cursor, Int32(needle.utf8Start[0]), limit - cursor) {
                let position = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                if position + length <= bytes.count, memcmp(base + position, needle.utf8Start, length) == 0 { return position }
                cursor = position + 1
            }
            return nil
        }
    }

    /// `lt;`, `gt;`, `amp;`, `quot;` or `apos;` at `index`.
    private static func isPredefinedName(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        func matches(_ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard index + length <= bytes.count, let base = bytes.baseAddress else { return false }
            return memcmp(base + index, word.utf8Start, length) == 0
        }
        return matches("lt;") || matches("gt;") || matches("amp;") || matches("quot;") || matches("apos;")
    }

    private static func isDigit(_ byte: UInt8, hex: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"): hex
        default: false
        }
    }

    private static func htmlValue(_ name: String) -> UInt32? {
        guard let entity = htmlEntityLookup(name) else { return nil }
        return UInt32(entity.pointee.value)
    }

    /// `&#123;`, `&#x7B;` or `&#X7B;` at `index`: the reference (lower-case `x`) and the index past it.
    private static func numericReference(_ bytes: [UInt8], at index: Int) -> (String, Int)? {
        guard index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "#") else { return nil }
        var cursor = index + 2
        let hex = bytes[cursor] == UInt8(ascii: "x") || bytes[cursor] == UInt8(ascii: "X")
        if hex { cursor += 1 }
        let start = cursor
        while cursor < bytes.count, cursor - start < 8 {
            let byte = bytes[cursor]
            let isDigit = byte >= 0x30 && byte <= 0x39
            let isHex = isDigit || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
            if byte == UInt8(ascii: ";") {
                guard cursor > start else { return nil }
                let digits = String(decoding: bytes[start..<cursor], as: UTF8.self)
                return ((hex ? "&#x" : "&#") + digits + ";", cursor + 1)
            }
            guard hex ? isHex : isDigit else { return nil }
            cursor += 1
        }
        return nil
    }

    /// `&name;` at `index`: the name and the index just past the semicolon.
    private static func entityName(_ bytes: [UInt8], at index: Int) -> (String, Int)? {
        var end = index + 1
        while end < bytes.count, end - index <= 32 {
            let byte = bytes[end]
            if byte == UInt8(ascii: ";") {
                guard end > index + 1, bytes[index + 1] != UInt8(ascii: "#") else { return nil }
                return (String(decoding: bytes[(index + 1)..<end], as: UTF8.self), end + 1)
            }
            let isNameByte = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte >= 0x80
            guard isNameByte else { return nil }
            end += 1
        }
        return nil
    }

    private static let cdataOpen = Array("<![CDATA[".utf8), cdataClose = Array("]]>".utf8)
    private static let commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)

    /// The index past the end of a CDATA section or comment starting at `index`, if one does.
    private static func skipEnd(_ bytes: [UInt8], at index: Int, open: [UInt8], close: [UInt8]) -> Int? {
        guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "!"), bytes.count - index >= open.count,
            bytes[index..<(index + open.count)].elementsEqual(open)
        else { return nil }
        var search = index + open.count
        while search + close.count <= bytes.count {
            if bytes[search] == close[0], bytes[search..<(search + close.count)].elementsEqual(close) {
                return search + close.count
            }
            search += 1
        }
        return bytes.count
    }

    /// Names declared with `<!ENTITY name` (general entities) anywhere in the document.
    private static func declaredEntities(_ bytes: [UInt8]) -> Set<String> {
        let marker = Array("<!ENTITY".utf8)
        var names = Set<String>()
        var index = 0
        while index + marker.count < bytes.count {
            if bytes[index] == marker[0], bytes[index + 1] == marker[1], bytes[index..<(index + marker.count)].elementsEqual(marker) {
                var cursor = index + marker.count
                while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D { cursor += 1 }
                let start = cursor
                while cursor < bytes.count, bytes[cursor] > 0x20, bytes[cursor] != UInt8(ascii: "\"") { cursor += 1 }
                names.insert(String(decoding: bytes[start..<cursor], as: UTF8.self))
                index = cursor
            } else {
                index += 1
            }
        }
        return names
    }
}
