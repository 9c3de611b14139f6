import Foundation
import Markup

/// Atom 1.0 and 0.3 onto `ParsedFeed`: text constructs (`text`, `html`, `xhtml`, 0.3's
/// `mode="escaped"`), `xml:base` and `xml:lang`, links, people, categories, sources.
struct AtomParser {
    var context: ParseContext
    let namespaces: XMLNamespaceSet
    private var inheritedLanguage: String?

    init(context: ParseContext, root: XMLElementView) {
        self.context = context
        // Children in the root's own namespace: Atom 1.0, 0.3, and the drafts between them.
        namespaces = XMLNamespaceSet([root.namespace])
    }

    static func format(of root: XMLElementView) -> String {
        switch root.namespace {
        case Namespace.atom10: return "atom1.0"
        case Namespace.atom03: return "atom0.3"
        default: return root.attribute("version") == "0.3" ? "atom0.3" : "atom"
        }
    }

    mutating func parse(root: XMLElementView) -> (FeedChannel, [FeedEntry]) {
        let base = context.base(of: root, inherited: context.baseURL)
        var info = FeedChannel()
        info.title = text(root.child("title", in: namespaces), base: base)?.value
        info.subtitle = text(root.child("subtitle", in: namespaces) ?? root.child("tagline", in: namespaces), base: base)?.value
        info.rights = text(root.child("rights", in: namespaces) ?? root.child("copyright", in: namespaces), base: base)?.value
        info.language = root.language.flatMap(\.nilIfEmpty)
        info.id = resolveID(root.child("id", in: namespaces)?.trimmedText, base: base)
        info.updated = context.date(
            root.child("updated", in: namespaces)?.trimmedText ?? root.child("modified", in: namespaces)?.trimmedText)
        info.generator = root.child("generator", in: namespaces)?.trimmedText
        info.authors = people(root, "author", base: base).nonEmpty
        info.tags = categories(root).nonEmpty
        info.links = links(root, base: base).nonEmpty
        info.link = info.links?.first { $0.rel == "alternate" }?.href
        if let logo = root.child("logo", in: namespaces)?.trimmedText {
            info.image = FeedImage(href: context.resolve(logo, against: base))
        }
        inheritedLanguage = root.language
        let entryElements = root.elements.filter { ($0.hasName("entry") || $0.hasName("item")) && $0.isIn(namespaces) }
        let entries = entryElements.map { parseEntry($0, base: context.base(of: $0, inherited: base)) }
        return (info, entries)
    }

    private mutating func parseEntry(_ element: XMLElementView, base: String?) -> FeedEntry {
        var entry = FeedEntry()
        entry.id = resolveID(element.child("id", in: namespaces)?.trimmedText, base: base)
        entry.title = text(element.child("title", in: namespaces), base: base)?.value
        entry.links = links(element, base: base).nonEmpty
        entry.link = entry.links?.first { $0.rel == "alternate" }?.href
        entry.summary = text(element.child("summary", in: namespaces), base: base)?.value
        let language = element.language ?? inheritedLanguage
        entry.content = element.children("content", in: namespaces).compactMap { text($0, base: base, language: language) }.nonEmpty
        entry.published = context.date(
            element.child("published", in: namespaces)?.trimmedText ?? element.child("issued", in: namespaces)?.trimmedText)
        entry.updated = context.date(
            element.child("updated", in: namespaces)?.trimmedText ?? element.child("modified", in: namespaces)?.trimmedText)
        entry.authors = people(element, "author", base: base).nonEmpty
        entry.contributors = people(element, "contributor", base: base).nonEmpty
        entry.tags = categories(element).nonEmpty
        entry.enclosures = enclosures(element, base: base).nonEmpty
        if let source = element.child("source", in: namespaces) {
            let sourceBase = context.base(of: source, inherited: base)
            entry.source = FeedSourceRef(
                title: text(source.child("title", in: namespaces), base: sourceBase)?.value,
                link: links(source, base: sourceBase).first { $0.rel == "alternate" }?.href,
                id: source.child("id", in: namespaces)?.trimmedText)
        }
        return entry
    }

    /// An Atom text construct as the contract wants it: plain text for `text`, the
    /// (sanitised) markup for `html` and `xhtml`. Atom 0.3's `mode` (`xml`, `escaped`,
    /// `base64`) is undone first; Atom 1.0 content of another media type is base64.
    private func text(_ element: XMLElementView?, base: String?, language: String? = nil) -> FeedContent? {
        guard let element else { return nil }
        // An absent or empty type is Atom's default, text.
        let type = element.attribute("type")?.trimmedWhitespace.lowercased().nilIfEmpty ?? "text"
        let base = context.base(of: element, inherited: base)
        let language = element.language ?? language
        let mode = element.attribute("mode")?.lowercased()
        let isAtom10 = namespaces.contains(Namespace.atom10)
        let isTextual = ["text", "html", "xhtml"].contains(type) || type.hasPrefix("text/") || type.hasSuffix("xml")
        var value: String
        var mediaType: String
        if mode == "base64" || (isAtom10 && !isTextual) {
            let data = Data(base64Encoded: element.text.filter { !$0.isWhitespace }) ?? Data()
            value = String(decoding: data, as: UTF8.self)
            mediaType = type.contains("/") ? type : "text/plain"
            if mediaType.contains("html") { value = HTMLSanitizer.sanitize(value, baseURL: base) }
        } else if type == "xhtml" {
            let div = element.elements.first { $0.name == "div" && $0.namespace == Namespace.xhtml }
            value = HTMLSanitizer.sanitize(div.map(MarkupWriter.innerMarkup) ?? MarkupWriter.innerMarkup(of: element), baseURL: base)
            mediaType = "application/xhtml+xml"
        } else if isAtom10 && type == "html" {
            // Escaped HTML by definition: elements inside (a stray XHTML div) hold it as text.
            value = element.withSingleTextBytes { HTMLSanitizer.sanitize($0, baseURL: base) }
                ?? HTMLSanitizer.sanitize(element.text, baseURL: base)
            mediaType = "text/html"
        } else if mode == "xml" || (element.hasElements && mode != "escaped") {
            // Atom 1.0 wraps XHTML in a div that is not content; Atom 0.3 feeds keep theirs.
            let div = isAtom10 && element.elements.count == 1
                ? element.elements.first { $0.name == "div" && $0.namespace == Namespace.xhtml } : nil
            value = HTMLSanitizer.sanitize(div.map(MarkupWriter.innerMarkup) ?? MarkupWriter.innerMarkup(of: element), baseURL: base)
            mediaType = type.contains("/") ? type : "application/xhtml+xml"
        } else if type == "html" || type.contains("html") {
            value = element.withSingleTextBytes { HTMLSanitizer.sanitize($0, baseURL: base) }
                ?? HTMLSanitizer.sanitize(element.text, baseURL: base)
            mediaType = "text/html"
        } else {
            value = element.text
            mediaType = type == "text" ? "text/plain" : type
        }
        value = value.trimmedWhitespace
        return FeedContent(value: value, type: mediaType, language: language.flatMap(\.nilIfEmpty), base: base)
    }

    /// An id that is a relative reference (`/relative/link`) is resolved, as for links.
    private func resolveID(_ id: String?, base: String?) -> String? {
        guard let id, id.hasPrefix("/") || id.hasPrefix("./") || id.hasPrefix("../") else { return id }
        return context.resolve(id, against: base)
    }

    private func links(_ element: XMLElementView, base: String?) -> [FeedLink] {
        element.children("link", in: namespaces).compactMap { link in
            // Atom 0.3 feeds in the wild put the URL in the element's text; an empty
            // href is a reference to the base itself (RFC 3986, 5.2.2).
            let linkBase = context.base(of: link, inherited: base)
            let declared = link.attribute("href")
            guard let href = context.resolve(declared ?? link.trimmedText, against: linkBase)
                ?? (declared?.trimmedWhitespace.isEmpty == true ? linkBase : nil)
            else { return nil }
            return FeedLink(
                href: href, rel: link.attribute("rel")?.nonEmptyTrimmed ?? "alternate",
                type: link.attribute("type")?.nonEmptyTrimmed, title: link.attribute("title")?.nonEmptyTrimmed)
        }
    }

    /// `link rel="enclosure"`, with its `length` in bytes when given.
    private func enclosures(_ element: XMLElementView, base: String?) -> [FeedEnclosure] {
        element.children("link", in: namespaces).compactMap { link in
            guard link.attribute("rel")?.trimmedWhitespace == "enclosure",
                let href = context.resolve(link.attribute("href") ?? link.trimmedText, against: context.base(of: link, inherited: base))
            else { return nil }
            return FeedEnclosure(
                href: href, type: link.attribute("type")?.nonEmptyTrimmed, length: link.attribute("length").flatMap { Int($0.trimmedWhitespace) })
        }
    }

    private func people(_ element: XMLElementView, _ name: StaticString, base: String?) -> [FeedPerson] {
        element.children(name, in: namespaces).compactMap { person in
            let result = FeedPerson(
                name: person.child("name", in: namespaces)?.trimmedText,
                email: person.child("email", in: namespaces)?.trimmedText,
                url: context.resolve(
                    (person.child("uri", in: namespaces) ?? person.child("url", in: namespaces)
                        ?? person.child("homepage", in: namespaces))?.trimmedText,
                    against: base))
            return result == FeedPerson() ? nil : result
        }
    }

    private func categories(_ element: XMLElementView) -> [FeedTag] {
        element.children("category", in: namespaces).compactMap { category in
            let tag = FeedTag(
                term: category.attribute("term")?.nonEmptyTrimmed, scheme: category.attribute("scheme")?.nonEmptyTrimmed,
                label: category.attribute("label")?.nonEmptyTrimmed)
            return tag == FeedTag() ? nil : tag
        }
    }
}
