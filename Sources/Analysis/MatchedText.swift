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

    /// `boundaries[pattern]`: bit 0 when the pattern starts with a Latin letter or digit
    /// (so needs a word boundary before it), bit 1 when it ends with one.
    init(title: String, summary: String, source: String, matcher: MultiPatternMatcher, boundaries: [UInt8], foldTraditional: Bool) {
        // The tables are borrowed once per item: per hit, copying an element that holds a
        // reference (or the arrays themselves) was a tenth of the per-item path in retains.
        let scanned = matcher.lengths.withUnsafeBufferPointer { lengths in
            boundaries.withUnsafeBufferPointer { boundaries in
                [title, summary, source].map { Self.scan($0, matcher: matcher, lengths: lengths, boundaries: boundaries, foldTraditional: foldTraditional) }
            }
        }
        fields = scanned.map(\.bytes)
        hits = scanned.map(\.hits)
    }

    private static func scan(
        _ text: String, matcher: MultiPatternMatcher, lengths: UnsafeBufferPointer<Int>, boundaries: UnsafeBufferPointer<UInt8>, foldTraditional: Bool
    ) -> (bytes: [UInt8], hits: [Hit]) {
        let bytes = TextNormalizer.normalizedUTF8(text, foldTraditional: foldTraditional)
        var found: [Hit] = []
        bytes.withUnsafeBufferPointer { buffer in
            matcher.forEachMatch(in: buffer) { pattern, end in
                let start = end - lengths[pattern], boundary = boundaries[pattern]
                if boundary & 1 != 0 && start > 0 && wordScalar(endingAt: start, in: buffer) { return }
                if boundary & 2 != 0 && end < buffer.count && wordScalar(startingAt: end, in: buffer) { return }
                found.append(Hit(pattern: pattern, start: start, end: end))
            }
        }
        return (bytes, found)
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

    /// `latinStart` in bit 0, `latinEnd` in bit 1 (what `MatchedText` checks per hit).
    var boundaryBits: UInt8 { (latinStart ? 1 : 0) | (latinEnd ? 2 : 0) }

    init(_ text: String) {
        self.text = text
        let scalars = text.unicodeScalars
        latinStart = scalars.first.map(TextNormalizer.isWordScalar) ?? false
        latinEnd = scalars.last.map(TextNormalizer.isWordScalar) ?? false
        latinOnly = scalars.allSatisfy { !TextNormalizer.isCJK($0) }
    }
}
