import Foundation
import Markup

/// RSS 0.9x and 2.0 (`<rss>`), and RSS 1.0 / 0.90 (`<rdf:RDF>`), with the Dublin Core and
/// `content:encoded` extensions, onto `ParsedFeed`.
struct RSSParser {
    var context: ParseContext

    func format(of root: XMLElementView) -> String {
        if root.name == "RDF" {
            let rss090 = root.elements.contains { $0.namespace == Namespace.rss090 } || root.declaredNamespaces.contains(Namespace.rss090)
            return rss090 ? "rss0.90" : "rss1.0"
        }
        let version = root.attribute("version")?.trimmingCharacters(in: .whitespaces) ?? ""
        switch version {
        case "0.91": return "rss0.91"
        case "0.92": return "rss0.92"
        case "0.93": return "rss0.93"
        case "0.94": return "rss0.94"
        default: return version.hasPrefix("2.") || version == "2" ? "rss2.0" : "rss"
        }
    }

    /// Core elements: no namespace, the known RSS namespaces, or the root's own namespace.
    var core: XMLNamespaceSet = Namespace.rssCore
    var inheritedLanguage: String?

    mutating func parse(root: XMLElementView) -> (FeedChannel, [FeedEntry]) {
        if root.hasName("rss") { core = core.inserting(root.namespace) }
        let rootBase = context.base(of: root, inherited: context.baseURL)
        let channel = root.child("channel", in: core) ?? root
        let channelBase = context.base(of: channel, inherited: rootBase)
        var items = channel.children("item", in: core)
        if root.name == "RDF" || items.isEmpty {
            items += root.children("item", in: core)
        }
        let info = parseChannel(channel, root: root, base: channelBase)
        inheritedLanguage = channel.language ?? root.language
        let entries = items.map { parseItem($0, base: context.base(of: $0, inherited: channelBase)) }
        return (info, entries)
    }

    private mutating func parseChannel(_ channel: XMLElementView, root: XMLElementView, base: String?) -> FeedChannel {
        var info = FeedChannel()
        info.title = channel.child("title", in: core)?.trimmedText
            ?? channel.child("title", in: Namespace.dublinCore)?.trimmedText
        info.link = context.resolve(channel.child("link", in: core)?.trimmedText, against: base)
        info.subtitle = (channel.child("description", in: core)?.markupOrText).map { HTMLSanitizer.sanitize($0, baseURL: base) }
        info.rights = channel.child("copyright", in: core)?.trimmedText
            ?? channel.child("rights", in: Namespace.dublinCore)?.trimmedText
        info.language = channel.child("language", in: core)?.trimmedText
            ?? channel.child("language", in: Namespace.dublinCore)?.trimmedText ?? channel.language ?? root.language
        info.generator = channel.child("generator", in: core)?.trimmedText
        info.ttl = channel.child("ttl", in: core)?.trimmedText.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        info.updated = context.date(
            channel.child("lastBuildDate", in: core)?.trimmedText
                ?? channel.child("date", in: Namespace.dublinCore)?.trimmedText
                ?? channel.child("modified", in: Namespace.dctermsOnly)?.trimmedText
                ?? channel.child("pubDate", in: core)?.trimmedText)
        let people = (["author", "managingEditor", "webMaster"] as [StaticString]).compactMap { channel.child($0, in: core)?.trimmedText }
            + (["creator", "author"] as [StaticString]).flatMap { channel.children($0, in: Namespace.dublinCore).compactMap(\.trimmedText) }
        info.authors = people.map(FeedPerson.init(rssText:)).nonEmpty
        info.tags = categories(of: channel).nonEmpty
        let alternate = info.link.map { [FeedLink(href: $0, rel: "alternate", type: "text/html")] } ?? []
        info.links = (alternate + atomLinks(of: channel, base: base)).nonEmpty
        if let image = channel.child("image", in: core) ?? root.child("image", in: core) {
            let imageBase = context.base(of: image, inherited: base)
            info.image = FeedImage(
                href: context.resolve(image.child("url")?.trimmedText, against: imageBase),
                title: image.child("title")?.trimmedText,
                link: context.resolve(image.child("link")?.trimmedText, against: imageBase))
        }
        return info
    }

    private mutating func parseItem(_ item: XMLElementView, base: String?) -> FeedEntry {
        var entry = FeedEntry()
        entry.title = item.child("title", in: core)?.trimmedText
            ?? item.child("title", in: Namespace.dublinCore)?.trimmedText
        let guid = item.child("guid", in: core)
        entry.id = guid?.trimmedText ?? item.attribute("about", namespace: Namespace.rdf)
        entry.link = context.resolve(item.child("link", in: core)?.trimmedText, against: base)
        if entry.link == nil, let guid, let value = guid.trimmedText,
            guid.attribute("isPermaLink")?.lowercased() != "false", value.hasPrefix("http")
        {
            entry.link = value
        }
        let alternate = entry.link.map { [FeedLink(href: $0, rel: "alternate", type: "text/html")] } ?? []
        entry.links = (alternate + atomLinks(of: item, base: base)).nonEmpty
        if entry.link == nil { entry.link = entry.links?.first { $0.rel == "alternate" }?.href }
        if let description = item.child("description", in: core), !description.hasElements {
            entry.summary = description.sanitizedHTML(base: base)
        } else {
            entry.summary = (item.child("description", in: core)?.markupOrText
                ?? item.child("description", in: Namespace.dublinCore)?.trimmedText).map { HTMLSanitizer.sanitize($0, baseURL: base) }
        }
        let language = (item.language ?? inheritedLanguage).flatMap(\.nilIfEmpty)
        if let encoded = item.child("encoded", in: Namespace.contentOnly), let value = encoded.sanitizedHTML(base: base) {
            let language = (encoded.language ?? language).flatMap(\.nilIfEmpty)
            entry.content = [FeedContent(value: value, type: "text/html", language: language, base: base)]
        } else if let body = item.child("body", in: Namespace.xhtmlOrNone) ?? item.child("fullitem", in: core) {
            let markup = !body.hasElements ? body.text : MarkupWriter.innerMarkup(of: body)
            let language = (body.language ?? language).flatMap(\.nilIfEmpty)
            entry.content = [FeedContent(
                value: HTMLSanitizer.sanitize(markup.trimmedWhitespace, baseURL: base),
                type: body.hasName("fullitem") ? "text/html" : "application/xhtml+xml", language: language, base: base)]
        }
        entry.published = context.date(
            item.child("pubDate", in: core)?.trimmedText ?? item.child("issued", in: Namespace.dctermsOnly)?.trimmedText)
        entry.updated = context.date(
            item.child("date", in: Namespace.dublinCore)?.trimmedText
                ?? item.child("modified", in: Namespace.dctermsOnly)?.trimmedText)
        if entry.published == nil { entry.published = entry.updated }
        let people = item.children("author", in: core).compactMap(\.trimmedText)
            + (["creator", "author"] as [StaticString]).flatMap { item.children($0, in: Namespace.dublinCore).compactMap(\.trimmedText) }
        entry.authors = people.map(FeedPerson.init(rssText:)).nonEmpty
        entry.contributors = item.children("contributor", in: Namespace.dublinCore).compactMap(\.trimmedText)
            .map(FeedPerson.init(rssText:)).nonEmpty
        entry.tags = categories(of: item).nonEmpty
        entry.enclosures = item.children("enclosure", in: core).map { enclosure in
            FeedEnclosure(
                href: context.resolve(enclosure.attribute("url"), against: base),
                type: enclosure.attribute("type")?.nonEmptyTrimmed,
                length: enclosure.attribute("length").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        }.nonEmpty
        let enclosureLinks = (entry.enclosures ?? []).map { FeedLink(href: $0.href, rel: "enclosure", type: $0.type) }
        if !enclosureLinks.isEmpty { entry.links = (entry.links ?? []) + enclosureLinks }
        entry.comments = context.resolve(item.child("comments", in: core)?.trimmedText, against: base)
        if let source = item.child("source", in: core) {
            entry.source = FeedSourceRef(title: source.trimmedText, link: context.resolve(source.attribute("url"), against: base))
        }
        return entry
    }

    private func categories(of element: XMLElementView) -> [FeedTag] {
        element.children("category", in: core).compactMap { category in
            guard let term = category.trimmedText else { return nil }
            return FeedTag(term: term, scheme: category.attribute("domain")?.nonEmptyTrimmed)
        } + element.children("subject", in: Namespace.dublinCore).compactMap { $0.trimmedText.map { FeedTag(term: $0) } }
    }

    private func atomLinks(of element: XMLElementView, base: String?) -> [FeedLink] {
        element.children("link", in: Namespace.atomOnly).compactMap { link in
            guard let href = context.resolve(link.attribute("href"), against: base) else { return nil }
            return FeedLink(href: href, rel: link.attribute("rel") ?? "alternate", type: link.attribute("type"), title: link.attribute("title"))
        }
    }
}
