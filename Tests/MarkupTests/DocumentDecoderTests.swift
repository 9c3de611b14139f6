import Foundation
import Testing

@testable import Markup
import YuqingTesting

struct DocumentDecoderTests {
    static let chinese = "舆情监测：暴雨预警"

    // 暴雨 in GB2312/GBK/GB18030 is B1 A9 D3 EA.
    @Test func httpCharsetWins() {
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"utf-8\"?><a>".utf8) + [0xB1, 0xA9, 0xD3, 0xEA] + Array("</a>".utf8)
        let result = DocumentDecoder.decode(bytes, contentType: "text/xml; charset=GBK")
        #expect(result.charset == .gb18030)
        #expect(result.text.contains("暴雨"))
        #expect(result.replacements == 0)
    }

    @Test func xmlDeclarationGB2312DecodesAsGB18030() {
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"gb2312\"?><a>".utf8) + [0xB1, 0xA9, 0xD3, 0xEA] + Array("</a>".utf8)
        let result = DocumentDecoder.decode(bytes, contentType: "application/rss+xml")
        #expect(result.charset.name == "gb18030")
        #expect(result.text.hasSuffix("<a>暴雨</a>"))
    }

    @Test func byteOrderMarks() {
        let units: [UInt8] = "<a>雨</a>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16: [UInt8] = [0xFF, 0xFE] + units
        let result = DocumentDecoder.decode(utf16, contentType: nil)
        #expect(result.charset == Charset.utf16LE)
        #expect(result.text == "<a>雨</a>")
        let utf8 = DocumentDecoder.decode([0xEF, 0xBB, 0xBF] + Array("<a>雨</a>".utf8), contentType: nil)
        #expect(utf8.text == "<a>雨</a>")
    }

    @Test func wrongDeclarationOverriddenByValidUTF8() {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"gbk\"?><a>\(Self.chinese)</a>".utf8)
        let result = DocumentDecoder.decode(bytes, contentType: nil)
        #expect(result.charset == .utf8)
        #expect(result.text.contains(Self.chinese))
        #expect(result.warnings.contains { $0.contains("valid UTF-8") })
        let utf16Claim = DocumentDecoder.decode(Array("<?xml version=\"1.0\" encoding=\"utf-16\"?><a>\(Self.chinese)</a>".utf8), contentType: nil)
        #expect(utf16Claim.charset == .utf8)
        #expect(utf16Claim.text.contains(Self.chinese))
    }

    @Test func undeclaredLegacyBytesFallBackToGB18030() {
        let bytes: [UInt8] = Array("<a>".utf8) + [0xB1, 0xA9, 0xD3, 0xEA] + Array("</a>".utf8)
        let result = DocumentDecoder.decode(bytes, contentType: nil)
        #expect(result.charset == .gb18030)
        #expect(result.text == "<a>暴雨</a>")
    }

    @Test func invalidBytesBecomeReplacementCharacters() {
        let bytes: [UInt8] = Array("<a>ok".utf8) + [0xFF, 0xFE, 0x41] + Array("</a>".utf8)
        let result = DocumentDecoder.decode(bytes, contentType: "text/xml; charset=utf-8")
        #expect(result.replacements == 2)
        #expect(result.text == "<a>ok\u{FFFD}\u{FFFD}A</a>")
        #expect(!result.warnings.isEmpty)
    }

    @Test func labelsMapAsWHATWG() {
        #expect(Charset(label: "GB2312") == .gb18030)
        #expect(Charset(label: "x-gbk") == .gb18030)
        #expect(Charset(label: "ISO-8859-1") == .windows1252)
        #expect(Charset(label: "big5") == .big5)
        #expect(Charset(label: "no-such-charset") == nil)
    }

    @Test func reusedConvertersStartFromTheInitialState() throws {
        let jis = try #require(Charset(label: "iso-2022-jp"))
        // 日本 in JIS X 0208, left shifted: no ESC ( B at the end.
        let shifted: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C]
        #expect(TextDecoder.decode(shifted, as: jis).text == "日本")
        for _ in 0..<6 {  // more than the pool keeps, so closed and reused descriptors both serve
            #expect(TextDecoder.decode(Array("abc".utf8), as: jis).text == "abc")
            _ = TextDecoder.decode(shifted, as: jis)
        }
    }

    @Test func undeclaredKoreanIsEUCKR() {
        // uchardet names it UHC (windows-949), which WHATWG calls euc-kr.
        let title = "한국어 뉴스 제목입니다. 서울 시청에서 기자회견을 열었습니다."
        let encoded: [UInt8] = [0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE, 0x20, 0xB4, 0xBA, 0xBD, 0xBA, 0x20, 0xC1, 0xA6, 0xB8, 0xF1, 0xC0, 0xD4, 0xB4, 0xCF, 0xB4, 0xD9, 0x2E, 0x20, 0xBC, 0xAD, 0xBF, 0xEF, 0x20, 0xBD, 0xC3, 0xC3, 0xBB, 0xBF, 0xA1, 0xBC, 0xAD, 0x20, 0xB1, 0xE2, 0xC0, 0xDA, 0xC8, 0xB8, 0xB0, 0xDF, 0xC0, 0xBB, 0x20, 0xBF, 0xAD, 0xBE, 0xFA, 0xBD, 0xC0, 0xB4, 0xCF, 0xB4, 0xD9, 0x2E]  // the title in EUC-KR
        let bytes = Array("<rss><channel><title>".utf8) + encoded + Array("</title></channel></rss>".utf8)
        let text = "<rss><channel><title>\(title)</title></channel></rss>"
        let result = DocumentDecoder.decode(bytes, contentType: nil)
        #expect(result.charset == .eucKR)
        #expect(result.text == text)
        #expect(Charset(label: "ks_c_5601-1987") == .eucKR)
        #expect(Charset(label: "UHC") == .eucKR)
    }

    @Test func nonASCIIScanAgreesWithTheByteByByteOne() {
        var generator = SplitMix64(seed: 7)
        for length in 0..<40 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next() % 8 == 0 ? generator.next() : generator.next() % 128) }
                #expect(DocumentDecoder.containsNonASCII(bytes) == bytes.contains { $0 >= 0x80 })
            }
        }
    }
}
