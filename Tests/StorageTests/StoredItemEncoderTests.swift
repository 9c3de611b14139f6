import Analysis
import Feeds
import Foundation
import Testing

@testable import Storage

/// The hand-written record encoder against Foundation's JSONEncoder (`RecordCoding`) as the
/// oracle: the same bytes for every record, so old and new segments read alike.
struct StoredItemEncoderTests {
    static let texts = ["", "暴雨预警", "a\"b\\c/d", "行1\n行2\r\t\u{8}\u{C}\u{1}\u{1F}", "emoji 🌧️ 𠀀", "https://a.cn/x?y=1&z=2", "\u{7F}\u{85}\u{2028}"]

    /// Random records over `texts`: every optional field present or absent, any tier,
    /// sentiment and polarity.
    static func randomItems(_ count: Int, seed: UInt64) -> [StoredItem] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func text() -> String { Self.texts[next(Self.texts.count)] + (next(2) == 0 ? "" : Self.texts[next(Self.texts.count)]) }
        return (0..<count).map { _ in
            let item = Item(id: text(), sourceID: text(), url: next(3) == 0 ? nil : text(), title: text(), summary: text(),
                            published: next(2) == 0 ? nil : Date(timeIntervalSince1970: Double(next(4_000_000_000)) + Double(next(1000)) / 1000),
                            fetched: Date(timeIntervalSince1970: Double(next(4_000_000_000)) + Double(next(1_000_000)) / 1_000_000))
            let topics = (0..<next(3)).map { _ in TopicScore(topic: text(), score: next(101), terms: (0..<next(3)).map { _ in text() }) }
            var scored = ScoredItem(item: item, topics: topics, story: text())
            scored.opensStory = next(2) == 0
            scored.fingerprint = next(2) == 0 ? nil : UInt64(next(Int.max))
            var stored = StoredItem(scored, tier: next(2) == 0 ? nil : SourceTier.allCases[next(SourceTier.allCases.count)])
            stored.sentiment = next(3) == 0 ? nil : Sentiment.allCases[next(Sentiment.allCases.count)]
            stored.polarity = next(3) == 0 ? nil : [0, 1, -1, 0.5, -0.25, 0.12, 0.99, 3][next(8)]
            stored.category = next(2) == 0 ? nil : text()
            stored.regions = next(2) == 0 ? nil : (0..<next(3)).map { _ in 330_100 + next(100) }
            stored.labelled = next(4) == 0 ? true : nil
            return stored
        }
    }

    /// `stored` by the hand-written encoder and by Foundation's.
    static func encodings(_ stored: StoredItem, _ encoder: JSONEncoder) throws -> (fast: [UInt8], oracle: [UInt8]) {
        var fast: [UInt8] = []
        StoredItemEncoder.append(stored, to: &fast)
        return (fast, Array(try encoder.encode(stored)))
    }

    @Test func matchesFoundationByteForByte() throws {
        let encoder = RecordCoding.encoder()
        for stored in Self.randomItems(3_000, seed: 20_261_205) {
            let (fast, oracle) = try Self.encodings(stored, encoder)
            #expect(fast == oracle, "\(String(decoding: fast, as: UTF8.self))\n\(String(decoding: oracle, as: UTF8.self))")
            if fast != oracle { return }
        }
    }

    /// Long strings are scanned a word at a time: an escape at any offset of a long run,
    /// among ASCII, CJK and 4-byte characters, and extreme integers still match.
    @Test func escapesAtAnyOffsetOfLongStrings() throws {
        let encoder = RecordCoding.encoder()
        let fillers = ["a", "暴", "𠀀", "/"]
        let specials = ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\t"]
        for length in [7, 8, 9, 31, 32, 33, 65, 100] {
            for position in 0...length {
                for (index, special) in specials.enumerated() {
                    let filler = fillers[(length + position + index) % fillers.count]
                    let title = String(repeating: filler, count: position) + special + String(repeating: filler, count: length - position)
                    let item = Item(id: "i", sourceID: "s", url: nil, title: title, summary: title + title, published: nil,
                                    fetched: Date(timeIntervalSince1970: 1_764_000_000.5))
                    let score = [Int.min, -1, 0, 9, 10, Int.max][(position + index) % 6]
                    var stored = StoredItem(ScoredItem(item: item, topics: [TopicScore(topic: title, score: score, terms: [special])], story: "s"))
                    stored.score = score
                    let (fast, oracle) = try Self.encodings(stored, encoder)
                    #expect(fast == oracle, "length \(length), escape at \(position): \(String(decoding: fast, as: UTF8.self))")
                    if fast != oracle { return }
                }
            }
        }
    }

    /// Dates outside years 1583–9999 take Foundation's text, whatever its length (its
    /// calendar is Julian before the Gregorian reform), and read back as Foundation reads them.
    @Test func extremeDatesAsFoundationWritesThem() throws {
        let encoder = RecordCoding.encoder()
        let old = -13_537_929_600.0  // 1572-01-01 by the Gregorian rule
        for seconds in [1e11, -1e11, 1e12, -3e12, 1e15, old, -12_850_000_000, Date.distantFuture.timeIntervalSinceReferenceDate,
                        Date.distantPast.timeIntervalSinceReferenceDate] {
            let date = Date(timeIntervalSinceReferenceDate: seconds)
            var stored = StoredItem(ScoredItem(
                item: Item(id: "i", sourceID: "s", url: nil, title: "t", summary: "", published: date, fetched: date), topics: [], story: "s"))
            stored.score = 1
            let (fast, oracle) = try Self.encodings(stored, encoder)
            #expect(fast == oracle, "\(seconds): \(String(decoding: fast, as: UTF8.self))")
            // Foundation cannot read all it writes (year -1168); where it can, the fast reader
            // agrees or leaves the record to Foundation (nil), never reads another instant.
            guard let expected = try? RecordCoding.decoder().decode(StoredItem.self, from: Data(oracle)) else { continue }
            let decoded = fast.withUnsafeBufferPointer { StoredItemDecoder.decode($0) }
            #expect(decoded == nil || decoded?.fetched == expected.fetched, "\(seconds)")
        }
    }
}
