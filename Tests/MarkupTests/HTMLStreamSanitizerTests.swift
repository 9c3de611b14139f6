import Foundation
import Testing

@testable import Markup
import YuqingTesting

/// The streaming sanitiser against the tree sanitiser as the oracle: whatever it writes,
/// parsed by libxml2 as the tree sanitiser parses, must hold nothing the tree sanitiser
/// would remove — and, with a base, no relative URL.
struct HTMLStreamSanitizerTests {
    static let base = "http://news.example.cn/a/b/index.html"

    /// What the oracle finds to change in `output` (nil when nothing): anything dangerous,
    /// and with a base, a URL attribute without a scheme. (The tree sanitiser's own test for
    /// relative URLs goes through Foundation, which calls every URL it cannot parse relative.)
    private func oracleObjection(_ output: String, rewriting: Bool) -> String? {
        let wrapped = HTMLTreeSanitizer.fragmentWrapperOpen + output + HTMLTreeSanitizer.fragmentWrapperClose
        guard let root = MarkupParser.parseHTML(wrapped).root else { return nil }
        if HTMLTreeSanitizer.containsDanger(root) { return "danger in \(output)" }
        if rewriting, let relative = relativeURL(in: root) { return "relative \(relative) in \(output)" }
        return nil
    }

    private func relativeURL(in element: XMLElement) -> String? {
        for child in element.elements {
            for attribute in child.attributes where ["href", "src", "action", "formaction", "background", "poster"].contains(attribute.name) {
                let value = attribute.value.trimmingCharacters(in: .init(charactersIn: " \t\n\r\u{0C}"))
                let scheme = value.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
                if !value.isEmpty, !value.hasPrefix("#"), !(value.dropFirst(scheme.count).hasPrefix(":") && scheme.first?.isLetter == true) {
                    return value
                }
            }
            if let found = relativeURL(in: child) { return found }
        }
        return nil
    }

    @Test func hostileMarkupFromTheUsualListsIsDefused() {
        let hostile = [
            "<a href=\"javascript&#58;alert(1)\">x</a>", "<a href=java&#x09;script:alert(1)>x</a>", "<a href=\"&#106avascript:x\">x</a>",
            "<a href=\" &#x6A;AVASCRIPT:x\">x</a>", "<img src=x onerror=alert(1)>", "<IMG SRC=x OnErRoR=alert(1)>",
            "<img/src=x/onerror=alert(1)>", "<svg><animate attributeName=href values=javascript:alert(1) /></svg>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>", "<math href=\"javascript:x\">y</math>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "<scr<script>ipt>alert(1)</script>",
            "<script>alert(1)</SCRIPT >文</script>", "<style>@import 'x'</style>", "<template><img src=x onerror=y></template>",
            "<form action=javascript:x><button formaction=javascript:y>b</button></form>", "<a href=\"vbscript:x\">v</a>",
            "<img srcset=\"javascript:alert(1) 1x, a.jpg 2x\">", "<iframe srcdoc=\"<script>x</script>\"></iframe>",
            "<div style=\"background:url(javascript:x)\">d</div>", "<a href='data:text/html;base64,PHNjcmlwdD4='>d</a>",
            "<base href=\"javascript:/\"><a href=x>y</a>", "<meta http-equiv=refresh content=\"0;url=javascript:x\">",
            "<!--><script>alert(1)</script>-->", "<!-- --!><img src=x onerror=y>", "<![CDATA[<script>x</script>]]>",
            "<?xml ><script>x</script>?>", "<plaintext><b>x", "<a href=\"\u{3000}javascript:x\">全角空格</a>",
            "<xmp><img title=\"</xmp><img src=x onerror=alert(1)>\"></xmp>", "<a title=\">\" onclick=\"x()\">点</a>",
            "<a =\" x=\" >\" onclick=y>z</a>", "<img src=\"x\" src=\"javascript:y\" onerror=\"z\">",
        ]
        for html in hostile {
            for base in [nil, Self.base] {
                let output = HTMLSanitizer.sanitize(html, baseURL: base)
                #expect(oracleObjection(output, rewriting: base != nil) == nil, "\(html) → \(output)")
                #expect(!output.lowercased().contains("<script"), "\(html) → \(output)")
            }
        }
    }

    @Test func ordinarySummariesKeepTheirTextAndLinks() {
        let html = "<P style=\"text-indent:2em\">会议<A HREF=\"../news/1.html?a=1&amp;b=2\" target=_blank>详情</A>，"
            + "<img src=\"/u/1.jpg\" srcset=\"/u/1-300.jpg 300w, //cdn.example.cn/u/1.jpg 2x\" alt=图><br/>&nbsp;完</p><p>二</p><!--more-->"
        let output = HTMLSanitizer.sanitize(html, baseURL: Self.base)
        #expect(output == "<p>会议<a href=\"http://news.example.cn/a/news/1.html?a=1&amp;b=2\" target=\"_blank\">详情</a>，"
            + "<img src=\"http://news.example.cn/u/1.jpg\" srcset=\"http://news.example.cn/u/1-300.jpg 300w, http://cdn.example.cn/u/1.jpg 2x\" alt=\"图\">"
            + "<br>&nbsp;完</p><p>二</p>")
        #expect(HTMLText.plainText(fromHTML: output) == HTMLText.plainText(fromHTML: HTMLTreeSanitizer.sanitize(html, baseURL: Self.base)))
    }

    @Test func structureIsBalanced() {
        // What the pre-check finds harmless is returned as it is; the one pass balances.
        #expect(HTMLSanitizer.sanitize("<p>一<p>二") == "<p>一<p>二")
        let sanitize = { (html: String) in HTMLStreamSanitizer.sanitize(html, baseURL: nil) }
        #expect(sanitize("<p>一<p>二<div>三<b>四") == "<p>一</p><p>二</p><div>三<b>四</b></div>")
        #expect(sanitize("<ul><li>一<li>二</ul></b></div>尾") == "<ul><li>一</li><li>二</li></ul>尾")
        #expect(sanitize("<table><tr><td>一<td>二<tr><td>三</table>")
            == "<table><tr><td>一</td><td>二</td></tr><tr><td>三</td></tr></table>")
        #expect(sanitize("a < b <3 <p>x</p>") == "a &lt; b &lt;3 <p>x</p>")
        let deep = String(repeating: "<div>", count: 2_000) + "底" + String(repeating: "</div>", count: 2_000)
        let output = HTMLSanitizer.sanitize(deep + "<script>x</script>")
        #expect(output.contains("底") && !output.contains("script"))
        #expect(output.components(separatedBy: "<div>").count == output.components(separatedBy: "</div>").count)
    }

    @Test func truncatedMarkupLosesOnlyTheBrokenTag() {
        #expect(HTMLSanitizer.sanitize("文字<script>alert(1)") == "文字")
        #expect(HTMLSanitizer.sanitize("<b>文字</b><a href=\"javascript:x") == "<b>文字</b>")
        #expect(HTMLSanitizer.sanitize("<i>文字</i><!-- 注释 <script>") == "<i>文字</i>")
    }

    /// The oracle sees what the streaming sanitiser drops: SVG animation elements that can
    /// point an `href` at a script URL, and `plaintext`.
    @Test func theOracleObjectsToSVGAnimationElements() {
        for html in ["<svg><animate attributeName=href values=javascript:alert(1) /></svg>", "<svg><set attributeName=href to=javascript:x /></svg>",
                     "<plaintext><b>x"] {
            #expect(HTMLTreeSanitizer.containsDanger(fragment: html), "\(html)")
            #expect(!HTMLTreeSanitizer.containsDanger(fragment: HTMLTreeSanitizer.sanitize(html)), "\(html) → \(HTMLTreeSanitizer.sanitize(html))")
            #expect(!HTMLTreeSanitizer.containsDanger(fragment: HTMLSanitizer.sanitize(html)), "\(html) → \(HTMLSanitizer.sanitize(html))")
        }
    }

    /// Found by the fuzzer: an attribute named just `on` passes the pre-check unchanged;
    /// the oracle must not call it a handler (browsers do not).
    @Test func aBareOnAttributeIsNoHandler() {
        let html = "<p><a href=\"/x\">a</a><img sr\u{FFFD}\u{FFFD}cset=\"a.jpg 2x, b.jpg 2x\" src=x on></p>"
        #expect(!HTMLTreeSanitizer.containsDanger(fragment: HTMLSanitizer.sanitize(html)))
        #expect(HTMLStreamSanitizer.sanitize("<img onerror=x on on--=1 on1>", baseURL: nil) == "<img on=\"\" on--=\"1\" on1=\"\">")
        let second = "<p>\u{FFFD}\"/x\">a</a><img srcset=\"a.jpg 2x\u{FFFD} 2x\" src=x on-->"
        #expect(!HTMLTreeSanitizer.containsDanger(fragment: HTMLSanitizer.sanitize(second)))
    }

    /// Random soups of the tokens that matter: the oracle must find nothing in any output.
    @Test func randomSoupsNeverGetPastTheOracle() {
        let tokens = [
            "<", ">", "</", "a", "p", "b", "div", "img", "svg", "script", "style", "template", "noscript", "iframe", "xmp", "title",
            " ", "\t", "\n", "\"", "'", "=", "/", " href=", " src=", " srcset=", " xlink:href=", " formaction=", " style=",
            " onclick=", " on", "error=", "javascript", "java\tscript", "JaVaScRiPt", "vbscript", "data", ":", "&#58;", "&#x3a",
            "&colon;", "&amp;", "&", "&#106;", "x", "1x,", " 2x", "<script>", "</script>", "<!--", "-->", "--!>", "<!", "<?", "]]>",
            "文字", "<img", "<a", "<svg", "<animate", "<set", "attributeName=", "../", "//cdn", "#top", "\u{0}", "\u{3000}", "\u{202E}",
        ]
        var generator = SplitMix64(seed: 20_261_205)
        for _ in 0..<6_000 {
            let length = Int(generator.next() % 40) + 1
            let html = (0..<length).map { _ in tokens[Int(generator.next() % UInt64(tokens.count))] }.joined()
            let base = generator.next() % 2 == 0 ? Self.base : nil
            let output = HTMLStreamSanitizer.sanitize(html, baseURL: base)
            #expect(oracleObjection(output, rewriting: base != nil) == nil, "input: \(html.debugDescription) → \(output.debugDescription)")
        }
    }
}
