import Feeds
import Foundation
import Testing

/// JSON sources: items by JSONPath, fields by paths and templates, the dates and hot values
/// Chinese APIs send, and errors that say where an API changed.
struct JSONListParserTests {
    let parser = FeedParser(dates: FeedDateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!, now: Date(timeIntervalSince1970: 1_795_000_000)))

    static let hotList = """
        {"data":[
          {"target":{"id":101,"title":"暴雨红色预警 多地停课","excerpt":"<p>气象台发布<b>暴雨</b>红色预警</p>","created":1794990000},"detail_text":"1234 万热度"},
          {"target":{"id":102,"title":"高考 成绩今日公布","excerpt":"","created":"1794990000123"},"detail_text":"856万热度"},
          {"target":{"id":103,"excerpt":"没有标题的条目"},"detail_text":"1.2亿"},
          {"target":{"id":104,"title":"地铁新线开通","created":"2026-11-18 09:30"},"detail_text":98000}
        ]}
        """

    static func rules(items: String = "$.data[*]") throws -> JSONListRules {
        JSONListRules(
            items: try JSONPath(items), title: try JSONField("$.target.title"),
            link: try JSONField("https://www.zhihu.com/question/{$.target.id}"), summary: try JSONField("$.target.excerpt"),
            date: try JSONField("$.target.created"), id: try JSONField("{$.target.id}"), hot: try JSONField("$.detail_text"))
    }

    @Test func aHotListBecomesEntries() throws {
        let feed = try parser.parseJSONList(Array(Self.hotList.utf8), contentType: "application/json", baseURL: "https://api.example.cn/hot", rules: Self.rules())
        #expect(feed.format == "json")
        #expect(feed.entries.map(\.title) == ["暴雨红色预警 多地停课", "高考 成绩今日公布", "地铁新线开通"], "an item without a title is skipped")
        #expect(feed.entries.map(\.link) == ["https://www.zhihu.com/question/101", "https://www.zhihu.com/question/102", "https://www.zhihu.com/question/104"])
        #expect(feed.entries.map(\.id) == ["101", "102", "104"])
        #expect(feed.entries.map(\.rank) == [1, 2, 4], "ranks are positions in the list")
        #expect(feed.entries.map(\.hot) == [1234, 8_560_000, 98000], "\"1234 万\" has a space: only the number is read")
        #expect(feed.entries[0].published == Date(timeIntervalSince1970: 1_794_990_000), "Unix seconds")
        #expect(feed.entries[1].published == Date(timeIntervalSince1970: 1_794_990_000.123), "Unix milliseconds as a string")
        #expect(feed.entries[2].published == Date(timeIntervalSince1970: 1_794_965_400), "2026-11-18 09:30 in Shanghai")
        let item = Item(entry: feed.entries[0], sourceID: "zhihu", fetched: Date(timeIntervalSince1970: 1_795_000_000))
        #expect(item.summary == "气象台发布暴雨红色预警", "HTML in a field becomes text")
    }

    @Test func aPathThatNoLongerMatchesSaysWhere() throws {
        #expect {
            _ = try parser.parseJSONList(Array(Self.hotList.utf8), contentType: nil, baseURL: nil, rules: try Self.rules(items: "$.data.list[*]"))
        } throws: { error in
            let text = "\(error)"
            return text.contains("$.data.list[*] selects nothing") && text.contains("$['data'] is an array of 4 (the first an object with keys detail_text, target)")
        }
        var rules = try Self.rules()
        rules.title = try JSONField("$.name")
        #expect {
            _ = try parser.parseJSONList(Array(Self.hotList.utf8), contentType: nil, baseURL: nil, rules: rules)
        } throws: { "\($0)".contains("the title $.name gives no text in any of 4 item(s); an item is an object with keys detail_text, target") }
        #expect(throws: FeedError.self) { _ = try parser.parseJSONList(Array("<html>".utf8), contentType: nil, baseURL: nil, rules: try Self.rules()) }
    }

    @Test func gbkJSONIsDecoded() throws {
        // {"list":[{"t":"食品安全抽检结果公布","u":"/a/1.html"}]} in GBK.
        let gbk: [UInt8] = [0x7b, 0x22, 0x6c, 0x69, 0x73, 0x74, 0x22, 0x3a, 0x5b, 0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xca, 0xb3, 0xc6, 0xb7, 0xb0, 0xb2, 0xc8, 0xab, 0xb3, 0xe9, 0xbc, 0xec, 0xbd, 0xe1, 0xb9, 0xfb, 0xb9, 0xab, 0xb2, 0xbc, 0x22, 0x2c, 0x22, 0x75, 0x22, 0x3a, 0x22, 0x2f, 0x61, 0x2f, 0x31, 0x2e, 0x68, 0x74, 0x6d, 0x6c, 0x22, 0x7d, 0x5d, 0x7d]
        let rules = JSONListRules(items: try JSONPath("$.list[*]"), title: try JSONField("$.t"), link: try JSONField("$.u"))
        let feed = try parser.parseJSONList(Array(gbk), contentType: "application/json; charset=gbk", baseURL: "https://www.example.gov.cn/api/", rules: rules)
        #expect(feed.entries.first?.title == "食品安全抽检结果公布")
        #expect(feed.entries.first?.link == "https://www.example.gov.cn/a/1.html", "relative links resolve against the URL")
    }

    @Test func templatesReportTheColumnOfTheirError() {
        #expect(throws: JSONPathError(column: 26, message: "unexpected \"]\"")) { _ = try JSONField("https://a.cn/{$.target.id]}") }
        #expect((try? JSONField("https://a.cn/q/{id}?from={$.src}"))?.text(in: .object(["id": .int(7), "src": .string("hot")])) == "https://a.cn/q/7?from=hot")
    }
}
