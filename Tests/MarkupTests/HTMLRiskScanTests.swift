import Testing

@testable import Markup
import YuqingTesting

/// The sanitiser's pre-check may say "maybe" too often, never too rarely.
struct HTMLRiskScanTests {
    @Test func harmlessSummariesAreNotParsed() {
        for html in ["<p>会议要求各部门做好防范工作。</p>", "<p>AT&amp;T 与 <b>文字</b></p><br/>", "<img src=a.png>", "<p>x > y</p>"] {
            #expect(!HTMLRiskScan.mayNeedChanges(html, rewritingURLs: false), "\(html)")
        }
        #expect(HTMLRiskScan.mayNeedChanges("<img src=a.png>", rewritingURLs: true))
    }

    @Test func riskyMarkupIsAlwaysFlagged() {
        let risky = [
            "<a href=\"javascript&#58;alert(1)\">x</a>", "<a href=javascript&#58;alert(1)>x</a>",
            "<a title=\">\" onclick=\"x()\">点</a>", "<a title='>' href='jav&#x61;script:x'>点</a>",
            "<img src=x onerror=alert(1)>", "<!-- > --><script>alert(1)</script>", "<SCRIPT>alert(1)</SCRIPT>",
            "<p style=color:red>红</p>", "<a href=\"data:text/html,x\">x</a>", "<p>文</p><iframe src=x>",
            "<a =\" x=\" >\" onclick=y>z</a>", "<div\tonmouseover=x>y</div>",
        ]
        for html in risky {
            #expect(HTMLRiskScan.mayNeedChanges(html, rewritingURLs: false), "\(html)")
            let cleaned = HTMLSanitizer.sanitize(html).lowercased()
            #expect(!cleaned.contains("onclick") && !cleaned.contains("onerror") && !cleaned.contains("<script"), "\(html) → \(cleaned)")
        }
    }

    /// Random soups of the tokens that matter, checked against what libxml2's parse finds.
    @Test func neverMissesWhatTheParseFinds() {
        let tokens = [
            "<", ">", "a", "p", " ", "\"", "'", "=", "/", " href=", " src=", "javascript", ":", "&#58;", "&amp;", "&",
            " onclick=", "x", "<script>", "<!--", "-->", "文字", " style=", "<img", "<a", "data", "\t", "<?", "!",
        ]
        var generator = SplitMix64(seed: 20_261_127)
        var checked = 0
        for _ in 0..<4_000 {
            let length = Int(generator.next() % 24) + 1
            let html = (0..<length).map { _ in tokens[Int(generator.next() % UInt64(tokens.count))] }.joined()
            for rewriting in [false, true] where !HTMLRiskScan.mayNeedChanges(html, rewritingURLs: rewriting) {
                checked += 1
                if let root = MarkupParser.parseHTML(html).root {
                    #expect(!HTMLTreeSanitizer.needsChanges(root, rewritingURLs: rewriting), "missed: \(html) rewriting \(rewriting)")
                }
            }
        }
        #expect(checked > 500, "the soup must contain harmless cases too")
    }
}
