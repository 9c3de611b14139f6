import Analysis
import Foundation

/// Writes a `StoredItem` as one JSON line, byte for byte what `RecordCoding.encoder()`
/// writes (sorted keys, unescaped slashes, UTC timestamps with milliseconds, absent
/// optionals left out) — a property test holds the two together — at a fraction of the
/// cost: Foundation's encoder goes through a tree of boxed values and a date formatter for
/// every record, which made it most of an append's time.
public enum StoredItemEncoder {
    /// Appends `item`'s JSON (without a newline) to `output`.
    ///
    /// The record is written into scratch memory as long as the record could be (every
    /// string byte escaped), so the writer makes no capacity checks and no calls per field,
    /// then copied onto `output` in one piece.
    public static func append(_ item: StoredItem, to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maximumLength(item)) { scratch in
            guard let base = scratch.baseAddress else { return }
            var writer = Writer(base: base)
            writer.record(item)
            assert(writer.position <= scratch.count, "maximumLength must bound the record")
            output.append(contentsOf: UnsafeBufferPointer(start: base, count: writer.position))
        }
    }

    /// At least the length of `item`'s JSON: each string byte may become six (`\u00XX`),
    /// dates take what they take, and 1,024 bytes cover the keys, numbers, booleans and
    /// punctuation (about 400 at most); 64 bytes each topic's.
    static func maximumLength(_ item: StoredItem) -> Int {
        func text(_ value: String?) -> Int { value.map { $0.utf8.count * 6 + 2 } ?? 0 }
        var length = 1024 + UTCTimestamp.length(of: item.fetched) + (item.published.map(UTCTimestamp.length(of:)) ?? 0) + text(item.category) + text(item.id) + text(item.simhash) + text(item.source) + text(item.story)
            + text(item.summary) + text(item.title) + text(item.url) + (item.regions?.count ?? 0) * 24
        for topic in item.topics {
            length += 64 + text(topic.topic)
            for term in topic.terms { length += text(term) + 1 }
        }
        return length
    }

    struct Writer {
        let base: UnsafeMutablePointer<UInt8>
        var position = 0

        mutating func record(_ item: StoredItem) {
            raw("{")
            if let category = item.category { key("category", first: true); string(category) }
            key("fetched", first: item.category == nil); date(item.fetched)
            key("id"); string(item.id)
            if let labelled = item.labelled { key("labelled"); raw(labelled ? "true" : "false") }
            if let opens = item.opens { key("opens"); raw(opens ? "true" : "false") }
            if let polarity = item.polarity { key("polarity"); double(polarity) }
            if let published = item.published { key("published"); date(published) }
            if let regions = item.regions {
                key("regions")
                raw("[")
                for (index, region) in regions.enumerated() {
                    if index > 0 { byte(UInt8(ascii: ",")) }
                    integer(region)
                }
                raw("]")
            }
            key("score"); integer(item.score)
            if let sentiment = item.sentiment { key("sentiment"); string(sentiment.rawValue) }
            if let simhash = item.simhash { key("simhash"); string(simhash) }
            key("source"); string(item.source)
            key("story"); string(item.story)
            key("summary"); string(item.summary)
            if let tier = item.tier { key("tier"); string(tier.rawValue) }
            key("title"); string(item.title)
            key("topics")
            raw("[")
            for (index, topic) in item.topics.enumerated() {
                if index > 0 { byte(UInt8(ascii: ",")) }
                raw("{\"score\":")
                integer(topic.score)
                raw(",\"terms\":[")
                for (termIndex, term) in topic.terms.enumerated() {
                    if termIndex > 0 { byte(UInt8(ascii: ",")) }
                    string(term)
                }
                raw("],\"topic\":")
                string(topic.topic)
                raw("}")
            }
            raw("]")
            if let url = item.url { key("url"); string(url) }
            key("v"); integer(item.v)
            raw("}")
        }

        @inline(__always)
        mutating func byte(_ value: UInt8) {
            base[position] = value
            position &+= 1
        }

        @inline(__always)
        mutating func bytes(_ start: UnsafePointer<UInt8>, _ count: Int) {
            (base + position).update(from: start, count: count)
            position &+= count
        }

        mutating func raw(_ text: StaticString) {
            bytes(text.utf8Start, text.utf8CodeUnitCount)
        }

        mutating func key(_ name: StaticString, first: Bool = false) {
            if !first { byte(UInt8(ascii: ",")) }
            byte(UInt8(ascii: "\""))
            raw(name)
            raw("\":")
        }

        mutating func integer(_ value: Int) {
            if value < 0 { byte(UInt8(ascii: "-")) }
            var magnitude = value.magnitude
            var digits = 1
            var probe = magnitude
            while probe >= 10 {
                probe /= 10
                digits += 1
            }
            var index = position + digits
            position = index
            repeat {
                index -= 1
                base[index] = 0x30 &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
        }

        /// As Foundation writes a `Double`: integral values without a fraction.
        mutating func double(_ value: Double) {
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                integer(Int(value))
            } else {
                var text = "\(value)"
                text.withUTF8 { if let start = $0.baseAddress { bytes(start, $0.count) } }
            }
        }

        mutating func date(_ date: Date) {
            byte(UInt8(ascii: "\""))
            position += UTCTimestamp.write(date, to: base + position)
            byte(UInt8(ascii: "\""))
        }

        /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, … or
        /// `\u00XX`, everything else (slashes, non-ASCII) as it is. Runs of bytes that need no
        /// escape are copied whole; they are found 32 and 8 bytes at a time.
        mutating func string(_ text: String) {
            byte(UInt8(ascii: "\""))
            var text = text
            text.withUTF8 { utf8 in
                guard let start = utf8.baseAddress else { return }
                let count = utf8.count
                var runStart = 0
                var index = 0
                while index < count {
                    if index + 32 <= count {
                        let raw = UnsafeRawPointer(start + index)
                        let words = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                                     raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
                        if Self.escapeBits(words.0) | Self.escapeBits(words.1) | Self.escapeBits(words.2) | Self.escapeBits(words.3) == 0 {
                            index += 32
                            continue
                        }
                    }
                    if index + 8 <= count, Self.escapeBits(UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)) == 0 {
                        index += 8
                        continue
                    }
                    let stop = min(count, index + 8)
                    while index < stop {
                        let value = start[index]
                        if value < 0x20 || value == UInt8(ascii: "\"") || value == UInt8(ascii: "\\") {
                            if runStart < index { bytes(start + runStart, index - runStart) }
                            escape(value)
                            runStart = index + 1
                        }
                        index += 1
                    }
                }
                if runStart < count { bytes(start + runStart, count - runStart) }
            }
            byte(UInt8(ascii: "\""))
        }

        /// Nonzero when one of the eight bytes is below 0x20, `"` or `\\` (a byte-wise test on
        /// a word: exact for "any", which is all that is asked).
        @inline(__always)
        static func escapeBits(_ word: UInt64) -> UInt64 {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            func hasZero(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
            let below = (word &- ones &* 0x20) & ~word & highs
            return below | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C))
        }

        private mutating func escape(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            default:
                let digits: StaticString = "0123456789abcdef"
                raw("\\u00")
                self.byte(digits.utf8Start[Int(byte >> 4)])
                self.byte(digits.utf8Start[Int(byte & 0x0F)])
            }
        }
    }
}
