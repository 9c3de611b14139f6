import Foundation
import Testing

@testable import Feeds

struct FeedParserTests {
    let parser = FeedParser(dates: FeedDateParser(timeZone: TimeZone(identifier: "Asia/Shanghai")!, now: Date(timeIntervalSince1970: 1_795_000_000)))

    @Test func rss20() throws {
        let feed = try parser.parse(Array("""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
            <channel><title>人民网·时政</title><link>http://politics.people.com.cn/</link><description>时政频道</description>
            <item><title>标题一</title><link>/n1/2026/1126/c1001.html</link><guid isPermaLink="false">id-1</guid>
            <description>&lt;p&gt;摘要&lt;/p&gt;</description><content:encoded><![CDATA[<p>正文</p>]]></content:encoded>
            <pubDate>Thu, 26 Nov 2026 10:05:00 +0800</pubDate><dc:creator>记者 张三</dc:creator><category>政治</category>
            <enclosure url="http://a.cn/x.mp3" type="audio/mpeg" length="42301"/></item>
            </channel></rss>
            """.utf8), baseURL: "http://www.people.com.cn/rss/politics.xml")
        #expect(feed.format == "rss2.0")
        #expect(feed.wellformed)
        #expect(feed.feed.title == "人民网·时政")
        let entry = try #require(feed.entries.first)
        #expect(entry.id == "id-1")
        #expect(entry.link == "http://www.people.com.cn/n1/2026/1126/c1001.html")
        #expect(entry.summary == "<p>摘要</p>")
        #expect(entry.content?.first?.value == "<p>正文</p>")
        #expect(entry.published == ISO8601DateFormatter().date(from: "2026-11-26T02:05:00Z"))
        #expect(entry.authors?.first?.name == "记者 张三")
        #expect(entry.tags?.first?.term == "政治")
        #expect(entry.enclosures?.first?.length == 42301)
    }

    @Test func rss10RDF() throws {
        let feed = try parser.parse(Array("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="http://a.cn/"><title>RDF 频道</title><link>http://a.cn/</link></channel>
            <item rdf:about="http://a.cn/1"><title>条目</title><link>http://a.cn/1</link><dc:date>2026-11-26T10:05:00+08:00</dc:date></item>
            </rdf:RDF>
            """.utf8))
        #expect(feed.format == "rss1.0")
        #expect(feed.feed.title == "RDF 频道")
        #expect(feed.entries.first?.id == "http://a.cn/1")
        #expect(feed.entries.first?.updated == ISO8601DateFormatter().date(from: "2026-11-26T02:05:00Z"))
    }

    @Test func atom10() throws {
        let feed = try parser.parse(Array("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://a.cn/blog/">
            <title type="text">博客</title><id>urn:x</id><link rel="alternate" href="/"/>
            <entry><title type="html">&lt;b&gt;粗体&lt;/b&gt;</title><id>urn:1</id><link href="post/1"/>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>段落</p></div></content>
            <published>2026-11-26T10:05:00+08:00</published><author><name>李四</name><email>l@a.cn</email></author></entry>
            </feed>
            """.utf8))
        #expect(feed.format == "atom1.0")
        #expect(feed.feed.link == "http://a.cn/")
        let entry = try #require(feed.entries.first)
        #expect(entry.title == "<b>粗体</b>")
        #expect(entry.link == "http://a.cn/blog/post/1")
        #expect(entry.content?.first?.value == "<p>段落</p>")
        #expect(entry.content?.first?.type == "application/xhtml+xml")
        #expect(entry.authors?.first == FeedPerson(name: "李四", email: "l@a.cn"))
    }

    @Test func atomEmptyTypeIsTextAndEnclosureLengthIsKept() throws {
        let feed = try parser.parse(Array("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://v.example.cn/视频/"><title type="">频道</title><link rel="self" href=""/>
            <entry><title type="">标题 &amp; 副题</title><id>urn:x:1</id>
            <link rel="enclosure" type="video/mp4" href="/v/1.mp4" length=" 42301 "/>
            <content type="html"><div xmlns="http://www.w3.org/1999/xhtml">正文 &lt;b&gt;加粗&lt;/b&gt;</div></content></entry></feed>
            """.utf8), baseURL: "http://v.example.cn/feed.xml")
        let entry = try #require(feed.entries.first)
        #expect(feed.feed.title == "频道")
        #expect(entry.title == "标题 & 副题", "an empty type is text, not base64")
        #expect(entry.enclosures == [FeedEnclosure(href: "http://v.example.cn/v/1.mp4", type: "video/mp4", length: 42301)])
        #expect(feed.feed.links?.first?.href == "http://v.example.cn/视频/", "an empty href is the base itself")
        #expect(entry.content?.first?.value == "正文 <b>加粗</b>", "type html is escaped HTML even inside a stray div")
    }

    @Test func jsonFeed() throws {
        let feed = try parser.parse(Array("""
            {"version":"https://jsonfeed.org/version/1.1","title":"JSON 频道","items":[{"id":"1","title":"条目","content_text":"正文","date_published":"2026-11-26T10:05:00+08:00"}]}
            """.utf8))
        #expect(feed.format == "jsonfeed1.1")
        #expect(feed.entries.first?.title == "条目")
    }

    @Test func notAFeed() {
        #expect(throws: FeedError.empty) { try parser.parse(Array("  \n".utf8)) }
        #expect(throws: FeedError.self) { try parser.parse(Array("<html><body>页面</body></html>".utf8)) }
        #expect(throws: FeedError.self) { try parser.parse(Array("{\"name\":\"app\"}".utf8)) }
    }

    @Test func itemIDsAreStable() {
        var entry = FeedEntry()
        entry.id = "guid-1"
        entry.title = "标题"
        let a = Item(entry: entry, sourceID: "s", fetched: Date())
        let b = Item(entry: entry, sourceID: "s", fetched: Date().addingTimeInterval(999))
        #expect(a.id == b.id)
        #expect(a.id != Item(entry: entry, sourceID: "t", fetched: Date()).id)
    }
}
