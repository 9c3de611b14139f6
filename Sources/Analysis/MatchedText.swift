/// The normalised fields of one item and every term occurrence in them, found in one
/// pass of the automaton per field.
public struct MatchedText: Sendable {
    /// The fields a text is matched in, in the order of `fields`.
    public enum Field: Int, Sendable, CaseIterable {
        case title, summary, source
    }

    /// One occurrence of a pattern: UTF-8 byte offsets into the normalised field.
    public struct Hit: Sendable, Equatable {
        public var pattern: Int
        public var start: Int
        public var end: Int
    }

    /// The normalised text of each field, as UTF-8.
    public let fields: [[UInt8]]
    /// The occurrences in each field, in order of their end.
    public let hits: [[Hit]]

    init(title: String, summary: String, source: String, matcher: MultiPatternMatcher, patterns: [TermPattern], foldTraditional: Bool) {
        var fields: [[UInt8]] = []
        var hits: [[Hit]] = []
        for text in [title, summary, source] {
            let bytes = TextNormalizer.normalizedUTF8(text, foldTraditional: foldTraditional)
            var found: [Hit] = []
            bytes.withUnsafeBufferPointer { buffer in
                matcher.forEachMatch(in: buffer) { pattern, end in
                    let start = end - matcher.lengths[pattern]
                    let term = patterns[pattern]
                    if term.latinStart && start > 0 && Self.wordScalar(endingAt: start, in: buffer) { return }
                    if term.latinEnd && end < buffer.count && Self.wordScalar(startingAt: end, in: buffer) { return }
                    found.append(Hit(pattern: pattern, start: start, end: end))
                }
            }
            fields.append(bytes)
            hits.append(found)
        }
        self.fields = fields
        self.hits = hits
    }

    /// A text with no fields filled and no matches.
    init(empty fieldCount: Int) {
        fields = Array(repeating: [], count: fieldCount)
        hits = Array(repeating: [], count: fieldCount)
    }

    /// The normalised text of a field.
    public func text(_ field: Field) -> String { String(decoding: fields[field.rawValue], as: UTF8.self) }

    /// Characters in `bytes[start..<end]` of a field, not counting spaces.
    func characterCount(_ field: Field, from start: Int, to end: Int) -> Int {
        guard start < end else { return 0 }
        var count = 0
        for byte in fields[field.rawValue][start..<end] where byte & 0xC0 != 0x80 && byte != 0x20 { count += 1 }
        return count
    }

    /// Latin words in `bytes[start..<end]` of a field.
    func wordCount(_ field: Field, from start: Int, to end: Int) -> Int {
        guard start < end else { return 0 }
        let text = String(decoding: fields[field.rawValue][start..<end], as: UTF8.self)
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let word = TextNormalizer.isWordScalar(scalar) || TextNormalizer.isCJK(scalar)
            if word && !inWord { count += 1 }
            inWord = word
        }
        return count
    }

    private static func wordScalar(endingAt offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = offset - 1
        while start > 0 && buffer[start] & 0xC0 == 0x80 { start -= 1 }
        return decode(buffer, at: start).map(TextNormalizer.isWordScalar) ?? false
    }

    private static func wordScalar(startingAt offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        decode(buffer, at: offset).map(TextNormalizer.isWordScalar) ?? false
    }

    private static func decode(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> Unicode.Scalar? {
        var iterator = buffer[offset...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }
}

/// A distinct normalised term the automaton looks for.
struct TermPattern: Sendable {
    var text: String
    /// Starts (ends) with a Latin letter or digit, so needs a word boundary there.
    var latinStart: Bool
    var latinEnd: Bool
    /// Made only of Latin words: proximity to another such term is counted in words.
    var latinOnly: Bool

    init(_ text: String) {
        self.text = text
        let scalars = text.unicodeScalars
        latinStart = scalars.first.map(TextNormalizer.isWordScalar) ?? false
        latinEnd = scalars.last.map(TextNormalizer.isWordScalar) ?? false
        latinOnly = scalars.allSatisfy { !TextNormalizer.isCJK($0) }
    }
}
