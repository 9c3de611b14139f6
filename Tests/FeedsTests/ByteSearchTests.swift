import Testing

@testable import Feeds

struct ByteSearchTests {
    /// The plain definition: the first offset at or after `start` where `needle` begins.
    static func naive(_ needle: [UInt8], _ bytes: [UInt8], _ start: Int) -> Int? {
        guard start >= 0, start <= bytes.count else { return nil }
        guard !needle.isEmpty else { return start }
        guard bytes.count >= needle.count else { return nil }
        return (start..<max(start, bytes.count - needle.count + 1)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    @Test func agreesWithThePlainDefinitionOnRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            // A small alphabet, so that partial matches and repeats are common.
            let alphabet: [UInt8] = [0x00, 0x61, 0x62, 0xE4, 0xB8]
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            let needle = (0..<Int.random(in: 0...5, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            let start = Int.random(in: -1...(bytes.count + 1), using: &generator)
            #expect(
                ByteSearch.firstIndex(of: needle, in: bytes, from: start) == Self.naive(needle, bytes, start),
                "\(needle) in \(bytes) from \(start)")
        }
    }

    @Test func findsCharactersInUTF8Text() {
        let text = Array("西湖区发生火情，消防赶到".utf8)
        #expect(ByteSearch.firstIndex(of: Array("火情".utf8), in: text) == 15)
        #expect(ByteSearch.firstIndex(of: Array("火情".utf8), in: text, from: 16) == nil)
        #expect(ByteSearch.firstIndex(of: Array("水情".utf8), in: text) == nil)
    }
}
