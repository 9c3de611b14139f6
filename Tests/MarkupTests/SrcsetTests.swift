import Testing

@testable import Markup

/// URL lists get the care single URLs get: a script or data URL among `srcset`'s
/// candidates removes the attribute; relative candidates are resolved against the base.
struct SrcsetTests {
    @Test func candidatesReadAsTheStandardReadsThem() {
        #expect(SrcsetList("a.jpg 1x, b.jpg 2x").candidates == [.init(url: "a.jpg", descriptor: "1x"), .init(url: "b.jpg", descriptor: "2x")])
        #expect(SrcsetList(" a.jpg?w=1,2 640w ,b.jpg").candidates.map(\.url) == ["a.jpg?w=1,2", "b.jpg"], "a comma inside a URL stays")
        #expect(SrcsetList("a.jpg,, b.jpg 2x").candidates.map(\.url) == ["a.jpg", "b.jpg"])
        #expect(SrcsetList("").candidates.isEmpty && SrcsetList(" , ,").candidates.isEmpty)
        #expect(SrcsetList("a.jpg 1x, b.jpg 2x").value == "a.jpg 1x, b.jpg 2x")
    }

    @Test func scriptCandidatesRemoveTheAttribute() {
        for html in [
            "<img srcset=\"javascript:alert(1) 1x\">", "<img srcset=\"ok.jpg 1x, javascript:alert(1) 2x\">",
            "<img srcset=\" JaVaScRiPt:alert(1)\">", "<picture><source srcset=\"data:image/svg+xml,<svg onload=alert(1)> 1x\"></picture>",
            "<img srcset=\"ok.jpg 1x,vbscript:x 2x\">",
        ] {
            let cleaned = HTMLSanitizer.sanitize(html, baseURL: "https://news.example.cn/a/")
            #expect(!cleaned.lowercased().contains("script:") && !cleaned.contains("data:") && !cleaned.contains("srcset"), "\(html) → \(cleaned)")
            let unbased = HTMLSanitizer.sanitize(html)
            #expect(!unbased.lowercased().contains("script:") && !unbased.contains("data:"), "\(html) → \(unbased)")
        }
    }

    @Test func relativeCandidatesAreResolved() {
        let cleaned = HTMLSanitizer.sanitize("<img src=\"a.jpg\" srcset=\"a.jpg 1x, /img/b.jpg 2x, https://cdn.example.cn/c.jpg 3x\">", baseURL: "https://news.example.cn/n/1.html")
        #expect(cleaned == "<img src=\"https://news.example.cn/n/a.jpg\" srcset=\"https://news.example.cn/n/a.jpg 1x, https://news.example.cn/img/b.jpg 2x, https://cdn.example.cn/c.jpg 3x\">")
        let absolute = "<img srcset=\"https://cdn.example.cn/c.jpg 1x\">"
        #expect(HTMLSanitizer.sanitize(absolute, baseURL: "https://news.example.cn/") == absolute, "nothing to change: unchanged")
    }
}
