import Testing

@testable import Feeds

/// `trimmedWhitespace` answers most strings from their first and last bytes; every
/// white-space scalar must still be trimmed at either end.
struct TrimmingTests {
    @Test func everyWhiteSpaceScalarIsTrimmedAtBothEnds() {
        let spaces = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter(\.properties.isWhitespace)
        #expect(spaces.count == 25)
        for space in spaces {
            let s = String(Character(space))
            for core in ["文", "a", "舆情 监测", "。", "x\u{3000}y"] {
                #expect((s + core).trimmedWhitespace == core, "leading U+\(String(space.value, radix: 16))")
                #expect((core + s).trimmedWhitespace == core, "trailing U+\(String(space.value, radix: 16))")
                #expect((s + s + core + s).trimmedWhitespace == core)
            }
        }
        #expect("".trimmedWhitespace == "")
        #expect("\u{3000}".trimmedWhitespace == "")
    }
}
