internal import CLibXML2

/// One extraction rule: where to find a value, as XPath, and which attribute to read
/// (the element's text when nil).
public struct ExtractionRule: Sendable, Equatable {
    public var xpath: String
    public var attribute: String?

    /// Compiles `a.title@href` (CSS, then an optional `@attribute`), `@href` (an attribute of
    /// the context element), or `xpath:…` (raw XPath, used as given).
    public init(_ text: String, relative: Bool) throws(CSSSelector.SyntaxError) {
        let trimmed = text.trimmingCharacters(in: [" ", "\t"])
        if trimmed.hasPrefix("xpath:") {
            xpath = String(trimmed.dropFirst("xpath:".count)).trimmingCharacters(in: [" "])
            attribute = nil
            return
        }
        var selector = Substring(trimmed)
        var attribute: String?
        if let at = trimmed.lastIndex(of: "@"), !trimmed[at...].contains("]") {
            attribute = String(trimmed[trimmed.index(after: at)...]).lowercased()
            selector = trimmed[..<at]
            if attribute?.isEmpty ?? true {
                throw CSSSelector.SyntaxError(selector: text, column: trimmed.count, message: "expected an attribute name after @")
            }
        }
        self.attribute = attribute
        xpath = selector.isEmpty ? "." : try CSSSelector.xpath(String(selector), relative: relative)
    }
}

/// What a list page gave: one dictionary of field values per item, and the page's
/// `<base href>` if it has one.
public struct ExtractedPage: Sendable {
    public var items: [[String: String]]
    public var baseHref: String?
}

/// Why extraction produced nothing usable.
public struct ExtractionError: Error, Equatable, CustomStringConvertible {
    public var description: String
}

/// Runs extraction rules over an HTML page with libxml2's HTML parser and XPath engine.
public enum HTMLExtractor {
    /// - Parameters:
    ///   - item: selects the item elements (relative to the document).
    ///   - fields: name → rule, each relative to an item element.
    public static func extract(html: String, item: ExtractionRule, fields: [String: ExtractionRule]) throws(ExtractionError) -> ExtractedPage {
        LibXML2.ensureInitialised()
        let collector = ErrorCollector()
        return try collector.capturing { () throws(ExtractionError) -> ExtractedPage in
            guard let document = htmlReadMemory(html, Int32(html.utf8.count), nil, "UTF-8", yq_html_safe_options() & ~Int32(HTML_PARSE_NOIMPLIED.rawValue)) else {
                throw ExtractionError(description: "the page could not be parsed as HTML")
            }
            defer { xmlFreeDoc(document) }
            guard let context = xmlXPathNewContext(document) else { throw ExtractionError(description: "no XPath context") }
            defer { xmlXPathFreeContext(context) }
            let baseHref = evaluate("//base[@href][1]", attribute: "href", context: context, node: nil)
            let itemNodes = try nodes(item.xpath, context: context, node: nil)
            guard !itemNodes.isEmpty else {
                throw ExtractionError(description: "the item rule \"\(item.xpath)\" matched nothing")
            }
            var items: [[String: String]] = []
            for node in itemNodes {
                var values: [String: String] = [:]
                for (name, rule) in fields {
                    if let value = evaluate(rule.xpath, attribute: rule.attribute, context: context, node: node), !value.isEmpty {
                        values[name] = value
                    }
                }
                items.append(values)
            }
            return ExtractedPage(items: items, baseHref: baseHref)
        }
    }

    /// The raw text content of the first element `rule` selects (a `<script>` holding
    /// JSON), white space kept; nil when it selects nothing.
    public static func firstText(html: String, rule: ExtractionRule) throws(ExtractionError) -> String? {
        LibXML2.ensureInitialised()
        let collector = ErrorCollector()
        return try collector.capturing { () throws(ExtractionError) -> String? in
            guard let document = htmlReadMemory(html, Int32(html.utf8.count), nil, "UTF-8", yq_html_safe_options() & ~Int32(HTML_PARSE_NOIMPLIED.rawValue)) else {
                throw ExtractionError(description: "the page could not be parsed as HTML")
            }
            defer { xmlFreeDoc(document) }
            guard let context = xmlXPathNewContext(document) else { throw ExtractionError(description: "no XPath context") }
            defer { xmlXPathFreeContext(context) }
            guard let first = try nodes(rule.xpath, context: context, node: nil).first, let content = xmlNodeGetContent(first) else { return nil }
            defer { yq_xml_free(content) }
            return String(cString: content)
        }
    }

    private static func nodes(_ xpath: String, context: xmlXPathContextPtr, node: xmlNodePtr?) throws(ExtractionError) -> [xmlNodePtr] {
        context.pointee.node = node
        guard let result = xmlXPathEvalExpression(xpath, context) else {
            throw ExtractionError(description: "invalid XPath \"\(xpath)\"")
        }
        defer { xmlXPathFreeObject(result) }
        guard result.pointee.type == XPATH_NODESET, let set = result.pointee.nodesetval else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { set.pointee.nodeTab[$0] }
    }

    /// The first match's attribute or collapsed text; XPath expressions that yield a
    /// string or number (`string(…)`, `count(…)`) give that value.
    private static func evaluate(_ xpath: String, attribute: String?, context: xmlXPathContextPtr, node: xmlNodePtr?) -> String? {
        context.pointee.node = node
        guard let result = xmlXPathEvalExpression(xpath, context) else { return nil }
        defer { xmlXPathFreeObject(result) }
        switch result.pointee.type {
        case XPATH_STRING:
            return result.pointee.stringval.map { HTMLText.collapse(String(cString: $0)) }
        case XPATH_NUMBER:
            return String(result.pointee.floatval)
        case XPATH_NODESET:
            guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0, let first = set.pointee.nodeTab[0] else { return nil }
            if let attribute {
                guard let value = xmlGetProp(first, attribute) else { return nil }
                defer { yq_xml_free(value) }
                return String(cString: value).trimmingCharacters(in: [" ", "\t", "\n", "\r"])
            }
            guard let content = xmlNodeGetContent(first) else { return nil }
            defer { yq_xml_free(content) }
            return HTMLText.collapse(String(cString: content))
        default:
            return nil
        }
    }
}
