import Feeds
import Foundation
import Testing

/// An item without a title (JSON Feed items often have none) is named by the first
/// sentence of its summary, so no list, story or alert shows an empty line.
struct UntitledItemTests {
    let parser = FeedParser(dates: FeedDateParser(now: Date(timeIntervalSince1970: 1_795_000_000)))

    @Test func jsonFeedItemWithoutATitle() throws {
        let body = #"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","content_text":"  市区多条道路积水严重，交警实施临时管制。预计今晚雨势减弱。"},{"id":"2","content_html":"<p>简短通知</p>"}]}"#
        let feed = try parser.parse(Array(body.utf8))
        let items = feed.entries.map { Item(entry: $0, sourceID: "s", fetched: Date(timeIntervalSince1970: 1_795_000_000)) }
        #expect(items.map(\.title) == ["市区多条道路积水严重，交警实施临时管制", "简短通知"])
        #expect(items[0].summary.hasPrefix("市区多条道路积水严重"), "the summary stays whole")
    }

    @Test func headlinesAreCutAtSixtyCharacters() {
        let long = String(repeating: "长", count: 100)
        #expect(Item.headline(fromSummary: long) == String(repeating: "长", count: 60) + "…")
        #expect(Item.headline(fromSummary: "Flood warning issued! Stay home.") == "Flood warning issued")
        let titled = Item(id: "x", sourceID: "s", url: nil, title: "原标题", summary: "摘要。", published: nil, fetched: Date())
        #expect(titled.titled.title == "原标题")
    }
}
