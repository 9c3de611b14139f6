import Markup

/// Microsoft's Channel Definition Format (`<CHANNEL HREF=… LASTMOD=…>` with `TITLE`,
/// `ABSTRACT` and `ITEM` children), the ancestor some old portals still serve.
struct CDFParser {
    var context: ParseContext

    mutating func parse(root: XMLElementView) -> (FeedChannel, [FeedEntry]) {
        var info = FeedChannel()
        info.title = child(root, "TITLE")?.trimmedText
        info.subtitle = child(root, "ABSTRACT")?.trimmedText
        info.link = context.resolve(attribute(root, "HREF"), against: context.baseURL)
        info.links = info.link.map { [FeedLink(href: $0, rel: "alternate", type: "text/html")] }
        info.updated = context.date(attribute(root, "LASTMOD"))
        let entries = root.elements.filter { $0.name.uppercased() == "ITEM" }.map { item -> FeedEntry in
            var entry = FeedEntry()
            entry.title = child(item, "TITLE")?.trimmedText
            entry.summary = child(item, "ABSTRACT")?.trimmedText
            entry.link = context.resolve(attribute(item, "HREF"), against: context.baseURL)
            entry.links = entry.link.map { [FeedLink(href: $0, rel: "alternate", type: "text/html")] }
            entry.id = entry.link
            entry.updated = context.date(attribute(item, "LASTMOD"))
            return entry
        }
        return (info, entries)
    }

    /// CDF is case-insensitive in practice.
    private func child(_ element: XMLElementView, _ name: String) -> XMLElementView? {
        element.elements.first { $0.name.uppercased() == name }
    }

    private func attribute(_ element: XMLElementView, _ name: String) -> String? {
        element.attributes.first { $0.name.uppercased() == name }?.value
    }
}
