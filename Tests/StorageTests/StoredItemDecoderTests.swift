import Foundation
import Testing
import YuqingTesting

@testable import Storage

/// The hand-written record reader against Foundation's JSONDecoder (`RecordCoding`) as the
/// oracle: whatever line it takes, it reads as Foundation does; what it does not take it
/// leaves to Foundation (nil), and the segment reader still returns the record.
struct StoredItemDecoderTests {
    private func fast(_ text: String) -> StoredItem? {
        var text = text
        return text.withUTF8(StoredItemDecoder.decode)
    }

    private func oracle(_ text: String) -> StoredItem? {
        try? RecordCoding.decoder().decode(StoredItem.self, from: Data(text.utf8))
    }

    @Test func readsEveryWrittenRecordAsFoundationDoes() throws {
        for (index, stored) in StoredItemEncoderTests.randomItems(3_000, seed: 77_001).enumerated() {
            var bytes: [UInt8] = []
            StoredItemEncoder.append(stored, to: &bytes)
            let line = String(decoding: bytes, as: UTF8.self)
            let read = try #require(fast(line), "record \(index) not taken: \(line)")
            #expect(read == oracle(line), "\(line)")
            // The dates too, to the bit: the interval Foundation's parser makes.
            #expect(read.fetched.timeIntervalSinceReferenceDate == oracle(line)?.fetched.timeIntervalSinceReferenceDate)
            if read != oracle(line) { return }
        }
    }

    @Test func readsOtherKeyOrdersSpacingAndEscapesAsFoundationDoes() throws {
        let pretty = RecordCoding.encoder()
        pretty.outputFormatting = [.prettyPrinted]
        for stored in StoredItemEncoderTests.randomItems(300, seed: 77_002) {
            let line = String(decoding: try pretty.encode(stored), as: UTF8.self)
            #expect(fast(line) != nil && fast(line) == oracle(line), "\(line)")
        }
        // As PostgreSQL's jsonb prints a record, and with every escape JSON has.
        let jsonb = #"{"v": 3, "id": "a\/b\u00e9\ud83c\udf27", "score": 7, "story": "s", "title": "\"引号\"\t\u4e2d", "topics": [{"terms": ["x"], "topic": "汛情", "score": 70}], "source": "s1", "fetched": "2026-11-26T02:05:00.123Z", "summary": "", "url": null, "polarity": -0.25}"#
        #expect(fast(jsonb) != nil && fast(jsonb) == oracle(jsonb))
        #expect(fast(jsonb)?.id == "a/bé🌧" && fast(jsonb)?.url == nil)
    }

    @Test func leavesWhatItDoesNotTakeToFoundation() throws {
        let base = #""fetched":"2026-11-26T02:05:00.123Z","id":"i","score":1,"source":"s","story":"t","summary":"","title":"x","topics":[],"v":3"#
        // Taken by Foundation, not by the fast reader: a date without milliseconds, an unknown key.
        for line in [#"{"fetched":"2026-11-26T02:05:00Z","id":"i","score":1,"source":"s","story":"t","summary":"","title":"x","topics":[],"v":3}"#,
                     "{\(base),\"extra\":1}"] {
            #expect(fast(line) == nil && oracle(line) != nil, "\(line)")
        }
        // Taken by neither: a missing field, a wrong type, a bad date, a lone surrogate, trailing bytes.
        for line in ["{\(base.replacingOccurrences(of: #","v":3"#, with: ""))}", "{\(base.replacingOccurrences(of: "\"score\":1", with: "\"score\":\"1\""))}",
                     "{\(base.replacingOccurrences(of: "11-26T", with: "13-26T"))}", "{\(base.replacingOccurrences(of: "\"x\"", with: #""\ud800""#))}",
                     "{\(base)} x"] {
            #expect(fast(line) == nil, "\(line)")
        }
        // Invalid UTF-8 in a string: refused by both.
        var bytes = Array("{\(base)}".utf8)
        bytes[bytes.firstIndex(of: UInt8(ascii: "x")) ?? 0] = 0xFF
        #expect(bytes.withUnsafeBufferPointer(StoredItemDecoder.decode) == nil)
        #expect((try? RecordCoding.decoder().decode(StoredItem.self, from: Data(bytes))) == nil)
    }

    @Test func theSegmentReaderStillReadsWhatOnlyFoundationTakes() throws {
        let scratch = try TemporaryDirectory("decoder")
        let path = scratch.file("2026-11-26.0001.jsonl").path
        let lines = [
            #"{"fetched":"2026-11-26T02:05:00Z","id":"a","score":1,"source":"s","story":"t","summary":"","title":"x","topics":[],"v":3}"#,
            #"{"fetched":"2026-11-26T02:05:00.500Z","id":"b","score":1,"source":"s","story":"t","summary":"","title":"x","topics":[],"v":3}"#,
            "not json",
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var ids: [String] = []
        let skipped = try SegmentReader.forEach(inFile: path) { ids.append($0.id) }
        #expect(ids == ["a", "b"] && skipped == 1)
    }
}
