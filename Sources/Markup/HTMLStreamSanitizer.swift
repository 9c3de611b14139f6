#if canImport(Glibc)
    import Glibc
#endif

/// The sanitiser's one pass over UTF-8 bytes: a tokenizer that never builds a tree (as
/// bluemonday's and Miniflux's are). Text between tags is copied as it is, with a stray
/// `<` escaped; every tag is written out again from its tokens — lower-case name, only
/// names of `HTMLNames.isNameByte`, values decoded and re-escaped in double quotes — so a
/// browser reads exactly the tags written here, whatever quirks the input had. Comments,
/// doctypes and processing instructions go; elements open at the end are closed, end tags
/// without a start are left out, and a `p`, `li`, `dt`/`dd`, `td`/`th`, `tr` or `option`
/// is closed where the HTML standard would close it.
struct HTMLStreamSanitizer {
    /// Deeper elements are left out (their content kept), bounding the stack.
    static let maximumDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var scanner: HTMLTagScanner
    private let base: URLResolver.Base?
    private var output: [UInt8] = []
    /// Open elements: their key and their lower-case name in `names`.
    private var open: [(key: HTMLNames.Key?, name: Range<Int>)] = []
    private var names: [UInt8] = []
    private var name: [UInt8] = []
    /// The lower-case names of the tag's attributes so far, one after another.
    private var seenNames: [UInt8] = []
    private var seenRanges: [Range<Int>] = []
    private var value: [UInt8] = []
    private var written: [UInt8] = []

    static func sanitize(_ html: String, baseURL: String?) -> String {
        var html = html
        return html.withUTF8 { sanitize($0, baseURL: baseURL) }
    }

    static func sanitize(_ bytes: UnsafeBufferPointer<UInt8>, baseURL: String?) -> String {
        var sanitizer = HTMLStreamSanitizer(bytes: bytes, base: baseURL.flatMap(URLResolver.Base.init))
        sanitizer.run()
        return String(decoding: sanitizer.output, as: UTF8.self)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, base: URLResolver.Base?) {
        self.bytes = bytes
        self.scanner = HTMLTagScanner(bytes)
        self.base = base
        output.reserveCapacity(bytes.count + bytes.count / 8 + 16)
    }

    private mutating func run() {
        guard let start = bytes.baseAddress else { return }
        let count = bytes.count
        var index = 0
        while index < count {
            let found = memchr(start + index, Int32(UInt8(ascii: "<")), count - index)
            let lessThan = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(start) } ?? count
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<lessThan]))
            guard lessThan < count else { break }
            switch scanner.scan(at: lessThan) {
            case .lessThanSign:
                append("&lt;")
                index = lessThan + 1
            case .skipped(let end):
                index = end
            case .truncated:
                index = count
            case .tag(let isEnd, let end):
                index = isEnd ? endTag(end: end) : startTag(end: end)
            }
        }
        while let last = open.popLast() { writeEndTag(last.name) }
    }

    // MARK: Tags

    /// Writes the start tag the scanner just read (or leaves it out); returns where the
    /// text after it starts.
    private mutating func startTag(end: Int) -> Int {
        guard lowercaseName() else { return end }
        let rule = name.withUnsafeBufferPointer { HTMLNames.element($0) }
        switch rule {
        case .droppedTag:
            return end
        case .droppedWithContent(let rawText):
            // `<applet/>` (as XHTML content is written out) holds nothing; what follows it
            // is kept, sanitised like the rest.
            if scanner.selfClosing { return end }
            return rawText ? endOfRawText(from: end) : endOfNested(from: end)
        case .void:
            writeStartTag()
            return end
        case .kept:
            let key = name.withUnsafeBufferPointer { HTMLNames.key($0) }
            if let key { closeImplied(by: key) }
            if scanner.selfClosing {
                writeStartTag()
                writeEndTag(name)
                return end
            }
            guard open.count < Self.maximumDepth else { return end }
            writeStartTag()
            let stored = names.count..<(names.count + name.count)
            names.append(contentsOf: name)
            open.append((key, stored))
            return end
        }
    }

    private mutating func endTag(end: Int) -> Int {
        guard lowercaseName(), let position = open.lastIndex(where: { names[$0.name].elementsEqual(name) }) else { return end }
        while open.count > position {
            if let last = open.popLast() { writeEndTag(last.name) }
        }
        names.removeSubrange((open.last?.name.upperBound ?? 0)..<names.count)
        return end
    }

    /// Closes what the start of `key` closes implicitly.
    private mutating func closeImplied(by key: HTMLNames.Key) {
        guard let top = open.last?.key else { return }
        let closesTop: Bool
        if key == HTMLNames.listItem || key == HTMLNames.option || key == HTMLNames.tableRow {
            closesTop = top == key || (key == HTMLNames.tableRow && HTMLNames.tableCells.contains(top))
        } else if HTMLNames.definitionTerms.contains(key) {
            closesTop = HTMLNames.definitionTerms.contains(top)
        } else if HTMLNames.tableCells.contains(key) {
            closesTop = HTMLNames.tableCells.contains(top)
        } else {
            closesTop = top == HTMLNames.paragraph && HTMLNames.closesParagraph(key)
        }
        guard closesTop, let last = open.popLast() else { return }
        writeEndTag(last.name)
        names.removeSubrange(last.name)
        if key == HTMLNames.tableRow, top != key { closeImplied(by: key) }
    }

    /// The scanner's tag name in lower case into `name`; false when it holds a byte that
    /// no written name may hold (the tag is then left out, its content kept).
    private mutating func lowercaseName() -> Bool {
        name.removeAll(keepingCapacity: true)
        for index in scanner.name {
            let byte = HTMLNames.lowercased(bytes[index])
            guard HTMLNames.isNameByte(byte) else { return false }
            name.append(byte)
        }
        return !name.isEmpty
    }

    /// After `<script>` or `<style>`: the text runs to the matching end tag.
    private mutating func endOfRawText(from index: Int) -> Int {
        var cursor = index
        while let lessThan = nextLessThan(from: cursor) {
            cursor = lessThan + 1
            guard lessThan + 1 + name.count < bytes.count, bytes[lessThan + 1] == UInt8(ascii: "/") else { continue }
            let nameStart = lessThan + 2
            guard name.indices.allSatisfy({ HTMLNames.lowercased(bytes[nameStart + $0]) == name[$0] }) else { continue }
            let after = bytes[nameStart + name.count]
            guard HTMLTagScanner.isSpace(after) || after == UInt8(ascii: "/") || after == UInt8(ascii: ">") else { continue }
            if case .tag(_, let end) = scanner.scan(at: lessThan) { return end }
            return bytes.count
        }
        return bytes.count
    }

    /// After `<template>` or `<applet>`: markup up to the end tag that balances it.
    private mutating func endOfNested(from index: Int) -> Int {
        let dropped = name
        var depth = 1
        var cursor = index
        while let lessThan = nextLessThan(from: cursor) {
            switch scanner.scan(at: lessThan) {
            case .lessThanSign: cursor = lessThan + 1
            case .skipped(let end): cursor = end
            case .truncated: return bytes.count
            case .tag(let isEnd, let end):
                cursor = end
                if lowercaseName(), name == dropped {
                    depth += isEnd ? -1 : 1
                    if depth == 0 { return end }
                }
            }
        }
        return bytes.count
    }

    private func nextLessThan(from index: Int) -> Int? {
        guard index < bytes.count, let start = bytes.baseAddress,
            let found = memchr(start + index, Int32(UInt8(ascii: "<")), bytes.count - index)
        else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(start)
    }

    // MARK: Writing

    private mutating func writeStartTag() {
        output.append(UInt8(ascii: "<"))
        output.append(contentsOf: name)
        writeAttributes()
        output.append(UInt8(ascii: ">"))
    }

    private mutating func writeEndTag(_ stored: Range<Int>) {
        append("</")
        output.append(contentsOf: names[stored])
        output.append(UInt8(ascii: ">"))
    }

    private mutating func writeEndTag(_ name: [UInt8]) {
        append("</")
        output.append(contentsOf: name)
        output.append(UInt8(ascii: ">"))
    }

    /// Each attribute once (the first, as browsers keep), unless its name or value is
    /// one `HTMLAttributeRules` drops; URLs made absolute against the base.
    private mutating func writeAttributes() {
        seenNames.removeAll(keepingCapacity: true)
        seenRanges.removeAll(keepingCapacity: true)
        for attribute in scanner.attributes {
            let start = seenNames.count
            var valid = true
            for index in attribute.name {
                let byte = HTMLNames.lowercased(bytes[index])
                if !HTMLNames.isNameByte(byte) { valid = false; break }
                seenNames.append(byte)
            }
            let range = start..<seenNames.count
            guard valid, !seenRanges.contains(where: { seenNames[$0].elementsEqual(seenNames[range]) }) else {
                seenNames.removeSubrange(range.lowerBound...)
                continue
            }
            seenRanges.append(range)
            let kind = seenNames.withUnsafeBufferPointer { HTMLNames.attribute(UnsafeBufferPointer(rebasing: $0[range])) }
            if case .dropped = kind { continue }
            let raw = attribute.value.map { UnsafeBufferPointer(rebasing: bytes[$0]) } ?? UnsafeBufferPointer(start: nil, count: 0)
            if case .plain = kind, !HTMLCharacterReference.mayContainReference(raw) {
                writeAttribute(named: range, raw)  // the common case: nothing to decode
                continue
            }
            value.removeAll(keepingCapacity: true)
            HTMLCharacterReference.decode(raw, into: &value)
            switch kind {
            case .dropped:
                continue
            case .url:
                written.removeAll(keepingCapacity: true)
                guard HTMLAttributeRules.writeURL(value, base: base, into: &written) else { continue }
                written.withUnsafeBufferPointer { writeAttribute(named: range, $0) }
            case .urlList:
                written.removeAll(keepingCapacity: true)
                guard HTMLAttributeRules.writeURLList(value, base: base, into: &written) else { continue }
                written.withUnsafeBufferPointer { writeAttribute(named: range, $0) }
            case .plain:
                value.withUnsafeBufferPointer { writeAttribute(named: range, $0) }
            }
        }
    }

    private mutating func writeAttribute(named name: Range<Int>, _ value: UnsafeBufferPointer<UInt8>) {
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: seenNames[name])
        append("=\"")
        if !value.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) {
            output.append(contentsOf: value)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in value {
            switch byte {
            case UInt8(ascii: "&"): append("&amp;")
            case UInt8(ascii: "\""): append("&quot;")
            case UInt8(ascii: "<"): append("&lt;")
            case UInt8(ascii: ">"): append("&gt;")
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    @inline(__always) private mutating func append(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
