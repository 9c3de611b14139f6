import Foundation
import Testing

@testable import Feeds

/// The byte-level RFC 3339 reader against Foundation's ISO 8601 formatter as the oracle.
struct RFC3339FastPathTests {
    @Test func agreesWithFoundationOnRandomTimestamps() throws {
        var seeded = LinearCongruential(seed: 20_261_205)
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for _ in 0..<2_000 {
            let seconds = Double(seeded.next() % 4_000_000_000)
            let date = Date(timeIntervalSince1970: seconds)
            let offsetMinutes = Int(seeded.next() % 1_681) - 840  // −14:00 … +14:00
            let zone = try #require(TimeZone(secondsFromGMT: offsetMinutes * 60))
            let formatter = seeded.next() % 2 == 0 ? plain : fractional
            formatter.timeZone = zone
            var text = formatter.string(from: date.addingTimeInterval(formatter === fractional ? 0.125 : 0))
            if seeded.next() % 5 == 0, text.hasSuffix("Z") { text = String(text.dropLast()) + "+00:00" }
            let expected = try #require(formatter.date(from: text))
            let parsed = text.withCString { pointer in
                FeedDateParser.canonicalRFC3339(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer)))
            }
            #expect(parsed == expected, "\(text)")
        }
    }

    @Test func otherShapesFallThrough() {
        for text in ["2026-11-26 10:05:00", "2026-11-26T10:05:00", "20261126T100500Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                     "2026-11-26T10:05:00+0800x", "2026-11-26T10:05:00.Z"] {
            let parsed = text.withCString { pointer in
                FeedDateParser.canonicalRFC3339(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer)))
            }
            #expect(parsed == nil, "\(text)")
        }
        #expect(FeedDateParser.canonicalRFC3339(UnsafeBufferPointer(start: nil, count: 0)) == nil)
    }
}

/// Numerical Recipes' LCG: deterministic test inputs.
struct LinearCongruential {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 17
    }
}
