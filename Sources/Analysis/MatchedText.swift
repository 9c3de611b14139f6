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

    /// The normalised fields one after another, each followed by a NUL byte. The
    /// normaliser drops control characters and no pattern holds one, so no occurrence
    /// spans two fields, and the fields are scanned as one text.
    let bytes: [UInt8]
    /// Where each field starts in `bytes`, and (as field 3) where they end.
    let fieldStarts: FieldOffsets
    /// Every occurrence, by field and then by end, with offsets into its field.
    let allHits: [Hit]
    /// Where each field's occurrences start in `allHits`, and (as field 3) where they end.
    let hitStarts: FieldOffsets

    /// Four offsets, one per field and one past the last, without an array's allocation.
    struct FieldOffsets: Sendable {
        var title = 0, summary = 0, source = 0, end = 0

        subscript(_ index: Int) -> Int {
            get { index == 0 ? title : index == 1 ? summary : index == 2 ? source : end }
            set {
                switch index {
                case 0: title = newValue
                case 1: summary = newValue
                case 2: source = newValue
                default: end = newValue
                }
            }
        }
    }

    /// `boundaries[pattern]`: bit 0 when the pattern starts with a Latin letter or digit
    /// (so needs a word boundary before it), bit 1 when it ends with one.
    init(title: borrowing String, summary: borrowing String, source: borrowing String, matcher: borrowing MultiPatternMatcher, boundaries: borrowing [UInt8], foldTraditional: Bool) {
        let (bytes, starts) = Self.normalized(title, summary, source, foldTraditional: foldTraditional)
        var hits: [Hit] = []
        var hitStarts = FieldOffsets()
        // The tables are borrowed once per item: per hit, copying an element that holds a
        // reference (or the arrays themselves) was a tenth of the per-item path in retains.
        matcher.lengths.withUnsafeBufferPointer { lengths in
            boundaries.withUnsafeBufferPointer { boundaries in
                bytes.withUnsafeBufferPointer { buffer in
                    var field = 0
                    matcher.forEachMatch(in: buffer) { pattern, end in
                        let start = end - lengths[pattern], boundary = boundaries[pattern]
                        // A field's neighbours are NULs, never word characters.
                        if boundary & 1 != 0 && start > 0 && Self.wordScalar(endingAt: start, in: buffer) { return }
                        if boundary & 2 != 0 && end < buffer.count && Self.wordScalar(startingAt: end, in: buffer) { return }
                        while end >= starts[field + 1] {
                            field += 1
                            hitStarts[field] = hits.count
                        }
                        // Room for sixteen at the first: with the lexicon and place names in
                        // the automaton an item has a dozen hits, and growing from empty
                        // reallocated the list four times.
                        if hits.isEmpty { hits.reserveCapacity(16) }
                        hits.append(Hit(pattern: pattern, start: start - starts[field], end: end - starts[field]))
                    }
                    while field < 3 {
                        field += 1
                        hitStarts[field] = hits.count
                    }
                }
            }
        }
        self.bytes = bytes
        fieldStarts = starts
        allHits = hits
        self.hitStarts = hitStarts
    }

    /// The fields normalised into one buffer, each followed by a NUL: on the byte path
    /// straight into it, otherwise field by field. (Three borrowed parameters, not an array
    /// of the fields: that array was an allocation and three retains per item.)
    private static func normalized(
        _ title: borrowing String, _ summary: borrowing String, _ source: borrowing String, foldTraditional: Bool
    ) -> ([UInt8], FieldOffsets) {
        var starts = FieldOffsets()
        let capacity = title.utf8.count + summary.utf8.count + source.utf8.count + 7
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
            count = 0
            guard let summaryStart = append(title, to: out, at: 0, foldTraditional: foldTraditional),
                let sourceStart = append(summary, to: out, at: summaryStart, foldTraditional: foldTraditional),
                let end = append(source, to: out, at: sourceStart, foldTraditional: foldTraditional)
            else { return }
            starts = FieldOffsets(title: 0, summary: summaryStart, source: sourceStart, end: end)
            count = end
        }
        // Done on the byte path (which writes at least the three NULs), or empty: field by field.
        if !bytes.isEmpty { return (bytes, starts) }
        var joined: [UInt8] = []
        for (index, field) in [copy title, copy summary, copy source].enumerated() {
            starts[index] = joined.count
            joined += TextNormalizer.normalizedUTF8(field, foldTraditional: foldTraditional)
            joined.append(0)
        }
        starts.end = joined.count
        return (joined, starts)
    }

    /// Normalises `field` into `out` at `offset` on the byte path and writes a NUL after it;
    /// returns where the next field starts, or nil when the field needs the scalar path.
    private static func append(
        _ field: borrowing String, to out: UnsafeMutableBufferPointer<UInt8>, at offset: Int, foldTraditional: Bool
    ) -> Int? {
        let done = field.utf8.withContiguousStorageIfAvailable { input in
            TextNormalizer.normalizeBytes(input, foldTraditional: foldTraditional, into: UnsafeMutableBufferPointer(rebasing: out[offset...]))
        }
        // Room for the NUL too (the rules never write more than they read, but a field
        // that did must not run past the buffer).
        guard let length = done ?? nil, offset + length < out.count else { return nil }
        out[offset + length] = 0
        return offset + length + 1
    }

    /// A text with empty fields and no matches.
    init() {
        bytes = [0, 0, 0]
        fieldStarts = FieldOffsets(title: 0, summary: 1, source: 2, end: 3)
        allHits = []
        hitStarts = FieldOffsets()
    }

    /// The occurrences in a field, in order of their end.
    public func hits(_ field: Field) -> ArraySlice<Hit> {
        allHits[hitStarts[field.rawValue]..<hitStarts[field.rawValue + 1]]
    }

    /// The normalised text of a field, as UTF-8 (hits' offsets index it).
    public func normalized(_ field: Field) -> [UInt8] {
        Array(bytes[fieldStarts[field.rawValue]..<(fieldStarts[field.rawValue + 1] - 1)])
    }

    /// The normalised text of a field.
    public func text(_ field: Field) -> String { String(decoding: normalized(field), as: UTF8.self) }

    /// Characters in `bytes[start..<end]` of a field, not counting spaces.
    func characterCount(_ field: Field, from start: Int, to end: Int) -> Int {
        guard start < end else { return 0 }
        var count = 0
        let base = fieldStarts[field.rawValue]
        for byte in bytes[(base + start)..<(base + end)] where byte & 0xC0 != 0x80 && byte != 0x20 { count += 1 }
        return count
    }

    /// Latin words in `bytes[start..<end]` of a field.
    func wordCount(_ field: Field, from start: Int, to end: Int) -> Int {
        guard start < end else { return 0 }
        let base = fieldStarts[field.rawValue]
        let text = String(decoding: bytes[(base + start)..<(base + end)], as: UTF8.self)
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
