import Foundation
import Testing

@testable import Feeds

struct RobustnessTests {
    let parser = FeedParser(dates: FeedDateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!, now: Date()))

    @Test func big5FeedDeclaredAndUndeclared() throws {
        let text = "<?xml version=\"1.0\" encoding=\"big5\"?><rss version=\"2.0\"><channel><title>臺灣新聞</title>"
            + "<item><title>颱風警報發布，請民眾注意安全</title><link>http://tw.example/1</link></item></channel></rss>"
        let bytes = HTMLListParserTests.encode(text, to: "BIG5")
        let declared = try parser.parse(bytes)
        #expect(declared.encoding == "big5")
        #expect(declared.entries.first?.title == "颱風警報發布，請民眾注意安全")
        let undeclared = try parser.parse(HTMLListParserTests.encode(text.replacingOccurrences(of: " encoding=\"big5\"", with: ""), to: "BIG5"))
        #expect(undeclared.encoding == "big5")
        #expect(undeclared.feed.title == "臺灣新聞")
        #expect(!undeclared.wellformed, "a guessed charset is not well-formed XML")
    }

    @Test func mislabelledFeedsDecodeCorrectly() throws {
        let utf8UnderGBK = Array("<?xml version=\"1.0\" encoding=\"gbk\"?><rss version=\"2.0\"><channel><title>新华网</title></channel></rss>".utf8)
        let feed = try parser.parse(utf8UnderGBK)
        #expect(feed.encoding == "utf-8")
        #expect(feed.feed.title == "新华网")
        #expect(feed.warnings.contains { $0.contains("valid UTF-8") })
    }

    @Test func invalidBytesAreCountedNotFatal() throws {
        let bytes = Array("<rss version=\"2.0\"><channel><title>坏".utf8) + [0xFF, 0xFE] + Array("字节</title></channel></rss>".utf8)
        let feed = try parser.parse(bytes, contentType: "application/rss+xml; charset=utf-8")
        #expect(feed.invalidSequences == 2)
        #expect(!feed.wellformed)
        #expect(feed.feed.title == "坏\u{FFFD}\u{FFFD}字节")
    }

    @Test func invalidBytesInAJSONFeedAreCountedToo() throws {
        let bytes = Array("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"坏".utf8) + [0xFF]
            + Array("字节\",\"items\":[{\"id\":\"1\",\"title\":\"条目\"}]}".utf8)
        let feed = try parser.parse(bytes, contentType: "application/feed+json; charset=utf-8")
        #expect(feed.invalidSequences == 1)
        #expect(!feed.wellformed)
        #expect(feed.feed.title == "坏\u{FFFD}字节")
    }

    @Test func futureDatesAreClampedToTheFetchTime() {
        let fetched = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(Item.clamped(fetched.addingTimeInterval(86400), fetched: fetched) == fetched)
        #expect(Item.clamped(fetched.addingTimeInterval(60), fetched: fetched) == fetched.addingTimeInterval(60))
        #expect(Item.clamped(nil, fetched: fetched) == nil)
        var entry = FeedEntry()
        entry.title = "明年的新闻"
        entry.published = fetched.addingTimeInterval(300 * 86400)
        #expect(Item(entry: entry, sourceID: "s", fetched: fetched).published == fetched)
    }

    @Test func tenMegabyteDocumentParses() throws {
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>大文件</title>"
        let item = "<item><title>某市召开防汛工作会议，部署强降雨应对措施</title><link>http://a.cn/%d</link>"
            + "<description>&lt;p&gt;会议要求各部门做好暴雨、洪水和内涝的防范工作，确保人民群众生命财产安全。&lt;/p&gt;</description></item>"
        var count = 0
        while text.utf8.count < 10 << 20 {
            text += item.replacingOccurrences(of: "%d", with: String(count))
            count += 1
        }
        text += "</channel></rss>"
        let feed = try parser.parse(Array(text.utf8))
        #expect(feed.entries.count == count)
        #expect(feed.wellformed)
    }

    @Test func deepNestingDoesNotCrash() throws {
        let depth = 100_000
        let text = "<rss version=\"2.0\"><channel><title>深</title><item><description>"
            + String(repeating: "<b>", count: depth) + "x" + String(repeating: "</b>", count: depth)
            + "</description></item></channel></rss>"
        let feed = try? parser.parse(Array(text.utf8))
        #expect(feed == nil || feed?.wellformed == false)
    }
}
