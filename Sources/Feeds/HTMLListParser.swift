import Foundation
import Markup

/// Extraction rules of an HTML list page (a government "通知公告" page with no feed): which
/// elements are items, and where in each item the title, link, date and summary are.
public struct HTMLListRules: Sendable, Equatable {
    public var item: ExtractionRule
    public var title: ExtractionRule
    public var link: ExtractionRule
    public var date: ExtractionRule?
    public var summary: ExtractionRule?

    /// Each rule is CSS (optionally `@attribute`) or `xpath:…`; see `ExtractionRule`.
    public init(item: String, title: String = "a", link: String = "a@href", date: String? = nil, summary: String? = nil)
        throws(CSSSelector.SyntaxError)
    {
        self.item = try ExtractionRule(item, relative: false)
        self.title = try ExtractionRule(title, relative: true)
        self.link = try ExtractionRule(link, relative: true)
        self.date = try date.map { text throws(CSSSelector.SyntaxError) in try ExtractionRule(text, relative: true) }
        self.summary = try summary.map { text throws(CSSSelector.SyntaxError) in try ExtractionRule(text, relative: true) }
    }
}

extension FeedParser {
    /// Reads an HTML list page with `rules` into the same model as a feed (format `html`).
    /// Relative links resolve against the page's `<base href>`, then `baseURL`. A rule that
    /// matches nothing is an error, not an empty result.
    public func parseHTMLList(_ bytes: [UInt8], contentType: String?, baseURL: String?, rules: HTMLListRules) throws(FeedError) -> ParsedFeed {
        guard bytes.contains(where: { $0 > 0x20 }) else { throw .empty }
        let decoded = DocumentDecoder.decode(bytes, contentType: contentType)
        var fields: [String: ExtractionRule] = ["title": rules.title, "link": rules.link]
        if let date = rules.date { fields["date"] = date }
        if let summary = rules.summary { fields["summary"] = summary }
        let page: ExtractedPage
        do {
            page = try HTMLExtractor.extract(html: decoded.text, item: rules.item, fields: fields)
        } catch {
            throw .notAFeed(error.description)
        }
        let context = ParseContext(baseURL: baseURL, dates: dates)
        let base = context.resolve(page.baseHref, against: baseURL) ?? baseURL
        var warnings = decoded.warnings
        var entries: [FeedEntry] = []
        for values in page.items {
            guard let title = values["title"] else { continue }
            var entry = FeedEntry()
            entry.title = title
            entry.link = context.resolve(values["link"], against: base)
            entry.id = entry.link ?? title
            entry.summary = values["summary"]
            if let text = values["date"] {
                entry.published = dates.parse(text)
                if entry.published == nil { warnings.append("unreadable date \"\(text.prefix(40))\"") }
            }
            entries.append(entry)
        }
        guard !entries.isEmpty else {
            throw .notAFeed("the title rule matched nothing in \(page.items.count) item(s)")
        }
        if rules.date != nil && entries.allSatisfy({ $0.published == nil }) {
            warnings.append("the date rule matched no readable date")
        }
        return ParsedFeed(format: "html", decoded: decoded, wellformed: true, warnings: warnings, feed: FeedChannel(), entries: entries)
    }
}
