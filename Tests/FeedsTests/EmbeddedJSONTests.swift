import Feeds
import Foundation
import Testing

/// Pages that embed their list as JSON: in `<script id="__NEXT_DATA__">` or assigned to
/// `window.__INITIAL_STATE__`.
struct EmbeddedJSONTests {
    let parser = FeedParser(dates: FeedDateParser(now: Date(timeIntervalSince1970: 1_795_000_000)))

    static func rules() throws -> JSONListRules {
        JSONListRules(items: try JSONPath("$..cards[*]"), title: try JSONField("$.title"), link: try JSONField("$.url"))
    }

    @Test func nextData() throws {
        let page = """
            <html><head><title>热榜</title></head><body><div id="app"></div>
            <script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"cards":[
              {"title":"暴雨  预警","url":"/n/1"},{"title":"含 </ 与 {括号}","url":"https://other.example.cn/2"}]}}}</script>
            <script>var x = 1;</script></body></html>
            """
        let feed = try parser.parseEmbeddedJSON(
            Array(page.utf8), contentType: "text/html; charset=utf-8", baseURL: "https://www.example.cn/hot",
            location: try EmbeddedJSON("script#__NEXT_DATA__"), rules: Self.rules())
        #expect(feed.format == "html+json")
        #expect(feed.entries.map(\.title) == ["暴雨  预警", "含 </ 与 {括号}"], "white space inside strings kept")
        #expect(feed.entries.map(\.link) == ["https://www.example.cn/n/1", "https://other.example.cn/2"])
    }

    @Test func initialState() throws {
        let page = #"""
            <script>window.__INITIAL_STATE__ = {"feed":{"cards":[{"title":"地铁 \"新线\" 开通 }]","url":"/m/3"}]},"x":"}"};
            window.other = [1];</script>
            """#
        let location = try EmbeddedJSON("window.__INITIAL_STATE__")
        guard case .variable = location else {
            Issue.record("a dotted name is a variable")
            return
        }
        let feed = try parser.parseEmbeddedJSON(Array(page.utf8), contentType: nil, baseURL: "https://m.example.cn/", location: location, rules: Self.rules())
        #expect(feed.entries.first?.title == "地铁 \"新线\" 开通 }]")
        #expect(feed.entries.first?.link == "https://m.example.cn/m/3")
    }

    @Test func missingDataIsNamed() throws {
        #expect {
            _ = try parser.parseEmbeddedJSON(
                Array("<html><body>改版了</body></html>".utf8), contentType: nil, baseURL: nil,
                location: try EmbeddedJSON("window.__INITIAL_STATE__"), rules: Self.rules())
        } throws: { "\($0)".contains("no window.__INITIAL_STATE__ = {…} in the page") }
    }
}
