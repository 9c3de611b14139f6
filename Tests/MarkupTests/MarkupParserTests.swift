import Foundation
import Testing

@testable import Markup

struct MarkupParserTests {
    @Test func parsesNamespacesAttributesAndCDATA() throws {
        let parsed = MarkupParser.parseXML("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://a.cn/"><title type="html"><![CDATA[<b>标题</b>]]></title></feed>
            """)
        #expect(parsed.wellFormed)
        let root = try #require(parsed.root)
        #expect(root.name == "feed")
        #expect(root.namespace == "http://www.w3.org/2005/Atom")
        #expect(root.attribute("base", namespace: XMLAttribute.xmlNamespace) == "http://a.cn/")
        #expect(root.child("title")?.text == "<b>标题</b>")
        #expect(root.child("title")?.attribute("type") == "html")
    }

    @Test func recoversFromErrorsAndSaysSo() throws {
        let parsed = MarkupParser.parseXML("<rss><channel><title>A & B</title><item><title>未闭合</item></channel></rss>")
        #expect(!parsed.wellFormed)
        #expect(!parsed.errors.isEmpty)
        #expect(parsed.root?.name == "rss")
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("yuqing-xxe-\(UUID().uuidString)")
        try "TOP-SECRET".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let document = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://\(secret.path)">]>
            <rss><channel><title>&xxe;</title></channel></rss>
            """
        let parsed = MarkupParser.parseXML(document)
        let title = parsed.root?.child("channel")?.child("title")?.text ?? ""
        #expect(!title.contains("TOP-SECRET"))
    }

    @Test func billionLaughsIsBounded() throws {
        var document = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        document += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        for level in 2...9 {
            document += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        document += "]><lolz>&lol9;</lolz>"
        let started = Date()
        let parsed = MarkupParser.parseXML(document)
        // Expanded, the document would be 3 GB: the size below is the bound; the clock only
        // tells a bounded parse (milliseconds) from an unbounded one with room for a busy CI.
        #expect(Date().timeIntervalSince(started) < 10)
        #expect((parsed.root?.text.utf8.count ?? 0) < MarkupParser.entityExpansionBudget)
        #expect(!parsed.wellFormed || parsed.root?.text.isEmpty == true)
    }

    @Test func htmlToPlainText() {
        #expect(HTMLText.plainText(fromHTML: "<p>市场监管部门<b>介入</b>调查</p><script>alert(1)</script><p>第二段&nbsp;文字</p>")
            == "市场监管部门介入调查\n第二段 文字")
        #expect(HTMLText.plainText(fromHTML: "plain  text\n here") == "plain text\nhere", "plain text keeps its lines")
        #expect(HTMLText.plainText(fromHTML: "<p>一行\n  源码换行</p><div>第二块</div>") == "一行 源码换行\n第二块",
            "in HTML only blocks break lines")
    }

    @Test func sanitizerRemovesScriptButKeepsSafeHTMLUntouched() {
        #expect(HTMLSanitizer.sanitize("<p>安全 <a href=\"http://a.cn/\">链接</a></p>") == "<p>安全 <a href=\"http://a.cn/\">链接</a></p>")
        let cleaned = HTMLSanitizer.sanitize("<p onclick=\"x()\">文字</p><script>alert(1)</script><a href=\"javascript:alert(2)\">点</a>")
        #expect(!cleaned.contains("script"))
        #expect(!cleaned.contains("onclick"))
        #expect(!cleaned.contains("javascript:"))
        #expect(cleaned.contains("文字"))
        #expect(HTMLSanitizer.sanitize("AT&T") == "AT&T")
    }

    @Test func sanitizerKeepsTheTextAroundAndInsideWhatItDrops() {
        #expect(HTMLSanitizer.sanitize("safe<script>alert(1)</script> description") == "safe description")
        #expect(HTMLSanitizer.sanitize("safe<embed src=\"http://a.cn/\"> <b>description</b>") == "safe <b>description</b>")
        #expect(HTMLSanitizer.sanitize("safe<iframe src=\"http://a.cn/\"> <b>description</b></iframe>") == "safe <b>description</b>")
        #expect(HTMLSanitizer.sanitize("<object data=\"x\">备用<b>文字</b></object>") == "备用<b>文字</b>")
        #expect(HTMLSanitizer.sanitize("开头文字<style>p{}</style>结尾") == "开头文字结尾", "no implied <p> around leading text")
        #expect(!HTMLSanitizer.sanitize("<iframe><script>x()</script>y</iframe>").contains("script"))
    }
}
