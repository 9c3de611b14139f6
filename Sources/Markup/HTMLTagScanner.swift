/// One tag as the HTML standard's tokenizer reads it from UTF-8 bytes (§13.2.5): where
/// its name and attributes lie, never copied. The scanner decides only where a tag starts
/// and ends and what is what inside it; `HTMLStreamSanitizer` decides what to keep.
struct HTMLTagScanner {
    /// What starts at a `<`.
    enum Token {
        /// A start tag (`isEnd` false) or an end tag, ending just before `end`.
        case tag(isEnd: Bool, end: Int)
        /// A comment, a doctype, a `<![CDATA[…]]>` or a processing instruction
        /// (bogus comments to the tokenizer): nothing of it is kept.
        case skipped(end: Int)
        /// A `<` that starts nothing: text.
        case lessThanSign
        /// The input ends inside a tag or comment: the standard drops what was begun.
        case truncated
    }

    struct Attribute {
        var name: Range<Int>
        /// Without quotes; nil for an attribute without `=`.
        var value: Range<Int>?
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// The last tag's name, as written (fold case to compare).
    private(set) var name: Range<Int> = 0..<0
    /// The last tag's attributes in order, duplicates included.
    private(set) var attributes: [Attribute] = []
    private(set) var selfClosing = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        attributes.reserveCapacity(16)
    }

    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0C || byte == 0x0D
    }

    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// Reads what starts at `start`, which holds a `<`.
    mutating func scan(at start: Int) -> Token {
        let count = bytes.count
        guard start + 1 < count else { return .lessThanSign }
        let next = bytes[start + 1]
        if Self.isLetter(next) { return readTag(nameAt: start + 1, isEnd: false) }
        switch next {
        case UInt8(ascii: "!"):
            if start + 3 < count, bytes[start + 2] == UInt8(ascii: "-"), bytes[start + 3] == UInt8(ascii: "-") {
                return comment(from: start + 4)
            }
            return bogusComment(from: start + 2)
        case UInt8(ascii: "?"):
            return bogusComment(from: start + 1)
        case UInt8(ascii: "/"):
            guard start + 2 < count else { return .lessThanSign }
            let first = bytes[start + 2]
            if Self.isLetter(first) { return readTag(nameAt: start + 2, isEnd: true) }
            if first == UInt8(ascii: ">") { return .skipped(end: start + 3) }
            return bogusComment(from: start + 2)
        default:
            return .lessThanSign
        }
    }

    /// A comment's body starts at `index` (after `<!--`); it ends at `-->` or `--!>`,
    /// or at once for `<!-->` and `<!--->`.
    private func comment(from index: Int) -> Token {
        let count = bytes.count
        if index < count, bytes[index] == UInt8(ascii: ">") { return .skipped(end: index + 1) }
        if index + 1 < count, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: ">") { return .skipped(end: index + 2) }
        var cursor = index
        while cursor + 2 < count {
            if bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: "-") {
                if bytes[cursor + 2] == UInt8(ascii: ">") { return .skipped(end: cursor + 3) }
                if bytes[cursor + 2] == UInt8(ascii: "!"), cursor + 3 < count, bytes[cursor + 3] == UInt8(ascii: ">") {
                    return .skipped(end: cursor + 4)
                }
            }
            cursor += 1
        }
        return .truncated
    }

    private func bogusComment(from index: Int) -> Token {
        var cursor = index
        while cursor < bytes.count {
            if bytes[cursor] == UInt8(ascii: ">") { return .skipped(end: cursor + 1) }
            cursor += 1
        }
        return .truncated
    }

    /// The tag name starts at `index`; attributes follow (read for end tags too, since a
    /// quoted `>` does not end one).
    private mutating func readTag(nameAt index: Int, isEnd: Bool) -> Token {
        let count = bytes.count
        attributes.removeAll(keepingCapacity: true)
        selfClosing = false
        var cursor = index
        while cursor < count, !Self.isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: "/"), bytes[cursor] != UInt8(ascii: ">") {
            cursor += 1
        }
        name = index..<cursor
        while cursor < count {
            let byte = bytes[cursor]
            if Self.isSpace(byte) { cursor += 1; continue }
            if byte == UInt8(ascii: ">") { return .tag(isEnd: isEnd, end: cursor + 1) }
            if byte == UInt8(ascii: "/") {
                cursor += 1
                if cursor < count, bytes[cursor] == UInt8(ascii: ">") {
                    selfClosing = true
                    return .tag(isEnd: isEnd, end: cursor + 1)
                }
                continue
            }
            // An attribute name; a leading `=` belongs to it.
            let nameStart = cursor
            cursor += 1
            while cursor < count {
                let byte = bytes[cursor]
                if Self.isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=") { break }
                cursor += 1
            }
            var attribute = Attribute(name: nameStart..<cursor, value: nil)
            while cursor < count, Self.isSpace(bytes[cursor]) { cursor += 1 }
            if cursor < count, bytes[cursor] == UInt8(ascii: "=") {
                cursor += 1
                while cursor < count, Self.isSpace(bytes[cursor]) { cursor += 1 }
                guard cursor < count else { return .truncated }
                let quote = bytes[cursor]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let valueStart = cursor + 1
                    cursor = valueStart
                    while cursor < count, bytes[cursor] != quote { cursor += 1 }
                    guard cursor < count else { return .truncated }
                    attribute.value = valueStart..<cursor
                    cursor += 1
                } else if quote == UInt8(ascii: ">") {
                    attribute.value = cursor..<cursor
                } else {
                    let valueStart = cursor
                    while cursor < count, !Self.isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
                    attribute.value = valueStart..<cursor
                }
            }
            if !isEnd { attributes.append(attribute) }
        }
        return .truncated
    }
}
