import Analysis
import Foundation

/// Writes a `StoredItem` as one JSON line, byte for byte what `RecordCoding.encoder()`
/// writes (sorted keys, unescaped slashes, UTC timestamps with milliseconds, absent
/// optionals left out) — a property test holds the two together — at a fraction of the
/// cost: Foundation's encoder goes through a tree of boxed values and a date formatter for
/// every record, which made it most of an append's time.
public enum StoredItemEncoder {
    /// Appends `item`'s JSON (without a newline) to `output`.
    public static func append(_ item: StoredItem, to output: inout [UInt8]) {
        var writer = Writer(output: output)
        output = []
        writer.raw("{")
        if let category = item.category { writer.key("category", first: true); writer.string(category) }
        writer.key("fetched", first: item.category == nil); writer.date(item.fetched)
        writer.key("id"); writer.string(item.id)
        if let labelled = item.labelled { writer.key("labelled"); writer.raw(labelled ? "true" : "false") }
        if let opens = item.opens { writer.key("opens"); writer.raw(opens ? "true" : "false") }
        if let polarity = item.polarity { writer.key("polarity"); writer.double(polarity) }
        if let published = item.published { writer.key("published"); writer.date(published) }
        if let regions = item.regions {
            writer.key("regions")
            writer.raw("[")
            for (index, region) in regions.enumerated() {
                if index > 0 { writer.raw(",") }
                writer.integer(region)
            }
            writer.raw("]")
        }
        writer.key("score"); writer.integer(item.score)
        if let sentiment = item.sentiment { writer.key("sentiment"); writer.string(sentiment.rawValue) }
        if let simhash = item.simhash { writer.key("simhash"); writer.string(simhash) }
        writer.key("source"); writer.string(item.source)
        writer.key("story"); writer.string(item.story)
        writer.key("summary"); writer.string(item.summary)
        if let tier = item.tier { writer.key("tier"); writer.string(tier.rawValue) }
        writer.key("title"); writer.string(item.title)
        writer.key("topics")
        writer.raw("[")
        for (index, topic) in item.topics.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.raw("{\"score\":")
            writer.integer(topic.score)
            writer.raw(",\"terms\":[")
            for (termIndex, term) in topic.terms.enumerated() {
                if termIndex > 0 { writer.raw(",") }
                writer.string(term)
            }
            writer.raw("],\"topic\":")
            writer.string(topic.topic)
            writer.raw("}")
        }
        writer.raw("]")
        if let url = item.url { writer.key("url"); writer.string(url) }
        writer.key("v"); writer.integer(item.v)
        writer.raw("}")
        output = writer.output
    }

    struct Writer {
        var output: [UInt8]

        mutating func raw(_ text: StaticString) {
            output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func key(_ name: StaticString, first: Bool = false) {
            if !first { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "\""))
            raw(name)
            raw("\":")
        }

        mutating func integer(_ value: Int) {
            output.append(contentsOf: String(value).utf8)
        }

        /// As Foundation writes a `Double`: integral values without a fraction.
        mutating func double(_ value: Double) {
            if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
                integer(Int(value))
            } else {
                output.append(contentsOf: "\(value)".utf8)
            }
        }

        mutating func date(_ date: Date) {
            output.append(UInt8(ascii: "\""))
            UTCTimestamp.append(date, to: &output)
            output.append(UInt8(ascii: "\""))
        }

        /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, … or
        /// `\u00XX`, everything else (slashes, non-ASCII) as it is. Runs of bytes that need no
        /// escape are copied whole.
        mutating func string(_ text: String) {
            output.append(UInt8(ascii: "\""))
            var text = text
            text.withUTF8 { bytes in
                var runStart = 0
                for index in bytes.indices {
                    let byte = bytes[index]
                    guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                    if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                    escape(byte)
                    runStart = index + 1
                }
                if runStart < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
            }
            output.append(UInt8(ascii: "\""))
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
                output.append(digits.utf8Start[Int(byte >> 4)])
                output.append(digits.utf8Start[Int(byte & 0x0F)])
            }
        }
    }
}
