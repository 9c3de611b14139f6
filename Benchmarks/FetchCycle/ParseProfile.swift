import Feeds
import Foundation
import Markup

/// `yuqing-bench --profile FILE`: time each parse stage on one document, 1,000 times.
enum ParseProfile {
    static func run(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let bytes = Array(data)
        let clock = ContinuousClock()
        func measure(_ name: String, _ body: () -> Void) {
            let elapsed = clock.measure { for _ in 0..<1000 { body() } }
            print("\(name): \(elapsed / 1000) per document")
        }
        let decoded = DocumentDecoder.decode(bytes, contentType: "application/rss+xml; charset=utf-8")
        measure("decode charset") { _ = DocumentDecoder.decode(bytes, contentType: "application/rss+xml; charset=utf-8") }
        measure("libxml2 parse + tree") { _ = MarkupParser.parseXML(decoded.text, url: "http://a.cn/") }
        measure("whole FeedParser") { _ = try? FeedParser(dates: FeedDateParser(now: Date())).parse(bytes, contentType: "application/rss+xml; charset=utf-8", baseURL: "http://a.cn/") }
        let dates = FeedDateParser(now: Date())
        measure("50 dates") { for _ in 0..<50 { _ = dates.parse("Thu, 26 Nov 2026 08:00:00 +0000") } }
        measure("50 sanitize") { for _ in 0..<50 { _ = HTMLSanitizer.sanitize("<p>会议要求各部门做好暴雨、洪水和内涝的防范工作。</p>", baseURL: "http://a.cn/") } }
    }
}
