import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Markup
import Testing

@testable import Feeds

struct HTMLListParserTests {
    // A GBK government list page, written here and encoded by the test itself.
    static let page = """
        <html><head><meta charset="gbk"><title>通知公告</title><base href="/zwgk/tzgg/"></head><body>
        <div id="main"><ul class="list news">
          <li class="item"><a href="t1.html">关于做好暴雨防范工作的通知</a><span class="date">2026-11-26</span><p>全文摘要</p></li>
          <li class="item"><a href="../t2.html">食品安全专项检查结果公布</a><span class="date">2026年11月25日 10:00</span></li>
          <li class="item top"><a href="https://other.gov.cn/t3.html">第三条</a><span class="date">3小时前</span></li>
          <li class="ad">广告</li>
        </ul></div></body></html>
        """

    static var gbkBytes: [UInt8] { encode(page, to: "GBK") }

    /// `text` in a legacy charset, through glibc's iconv.
    static func encode(_ text: String, to charset: String) -> [UInt8] {
        let converter = iconv_open(charset, "UTF-8")
        defer { iconv_close(converter) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2)
        var inLeft = input.count
        var outLeft = output.count
        input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                var inPointer = UnsafeMutableRawPointer(source.baseAddress!).assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
                var outPointer = UnsafeMutableRawPointer(target.baseAddress!).assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
                _ = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        return Array(output[0..<(output.count - outLeft)])
    }

    let parser = FeedParser(dates: FeedDateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!, now: Date(timeIntervalSince1970: 1_795_000_000)))

    @Test func extractsItemsFromAGBKPage() throws {
        let rules = try HTMLListRules(item: "ul.list > li.item", date: "span.date", summary: "p")
        let feed = try parser.parseHTMLList(Self.gbkBytes, contentType: "text/html", baseURL: "http://www.example.gov.cn/index.html", rules: rules)
        #expect(feed.format == "html")
        #expect(feed.encoding == "gb18030")
        #expect(feed.entries.map(\.title) == ["关于做好暴雨防范工作的通知", "食品安全专项检查结果公布", "第三条"])
        #expect(feed.entries.map(\.link) == [
            "http://www.example.gov.cn/zwgk/tzgg/t1.html", "http://www.example.gov.cn/zwgk/t2.html", "https://other.gov.cn/t3.html",
        ])
        #expect(feed.entries[0].published == ISO8601DateFormatter().date(from: "2026-11-25T16:00:00Z"))
        #expect(feed.entries[1].published == ISO8601DateFormatter().date(from: "2026-11-25T02:00:00Z"))
        #expect(feed.entries[2].published == Date(timeIntervalSince1970: 1_795_000_000 - 3 * 3600))
        #expect(feed.entries[0].summary == "全文摘要")
    }

    @Test func ruleThatMatchesNothingIsAnError() throws {
        let rules = try HTMLListRules(item: "ul.nothing > li")
        #expect(throws: FeedError.self) {
            try parser.parseHTMLList(Self.gbkBytes, contentType: nil, baseURL: "http://a.cn/", rules: rules)
        }
        let noTitles = try HTMLListRules(item: "li.ad", title: "a.none")
        #expect(throws: FeedError.self) {
            try parser.parseHTMLList(Self.gbkBytes, contentType: nil, baseURL: "http://a.cn/", rules: noTitles)
        }
    }

    @Test func rawXPathAndAttributes() throws {
        let rules = try HTMLListRules(item: "xpath://li[contains(@class, 'item')]", title: "a", link: "xpath:string(a/@href)")
        let feed = try parser.parseHTMLList(Self.gbkBytes, contentType: nil, baseURL: "http://a.cn/", rules: rules)
        #expect(feed.entries.count == 3)
        #expect(feed.entries.first?.link == "http://a.cn/zwgk/tzgg/t1.html")
    }

    @Test func cssCompilesToXPath() throws {
        #expect(try CSSSelector.xpath("ul.list > li", relative: false)
            == "//ul[contains(concat(' ', normalize-space(@class), ' '), ' list ')]/li")
        #expect(try CSSSelector.xpath("div#main a[href^='/zw']", relative: true) == ".//div[@id='main']//a[starts-with(@href, '/zw')]")
        #expect(try CSSSelector.xpath("li:first-child, li:nth-child(3)", relative: false)
            == "//li[not(preceding-sibling::*)] | //li[count(preceding-sibling::*) = 2]")
        #expect(throws: CSSSelector.SyntaxError.self) { try CSSSelector.xpath("li:hover", relative: false) }
        #expect(throws: CSSSelector.SyntaxError.self) { try CSSSelector.xpath("a[href", relative: false) }
        let error = try? #require(Result { try CSSSelector.xpath("ul >", relative: false) }.failure as? CSSSelector.SyntaxError)
        #expect(error?.column == 5)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
