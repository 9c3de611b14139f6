internal import CLibXML2

/// A document parsed by libxml2, converted to Swift values.
public struct ParsedMarkup: Sendable {
    public var root: XMLElement?
    /// False when libxml2 had to recover from errors.
    public var wellFormed: Bool
    /// libxml2's messages, with line numbers, first error first.
    public var errors: [String]
}

/// Parses XML and HTML with libxml2, safely: no network, no external entities or DTDs,
/// internal entity expansion bounded, recovery from well-formedness errors.
public enum MarkupParser {
    /// Largest expansion of internal entities accepted in one document (characters).
    static let entityExpansionBudget = 1 << 20

    /// Parses UTF-8 XML text (the encoding declaration inside is ignored: the caller
    /// decoded it) and calls `body` with the document while libxml2's tree is alive.
    /// Views into it must not leave `body`.
    public static func withXMLDocument<T>(_ text: String, url: String? = nil, _ body: (XMLDocumentView) -> T) -> T {
        LibXML2.ensureInitialised()
        let collector = ErrorCollector()
        let repair = EntityRepair.repair(text)
        var text = repair.text
        return collector.capturing {
            guard let context = xmlNewParserCtxt() else {
                let scope = XMLDocumentScope(document: nil, budget: entityExpansionBudget)
                collector.note("libxml2 could not allocate a parser")
                return body(XMLDocumentView(root: nil, scope: scope, collector: collector, parserWellFormed: false, repaired: []))
            }
            defer { xmlFreeParserCtxt(context) }
            let document = text.isEmpty
                ? xmlCtxtReadMemory(context, "", 0, url, "UTF-8", yq_xml_safe_options())
                : text.withUTF8 { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), url, "UTF-8", yq_xml_safe_options())
                    }
                }
            defer { if let document { xmlFreeDoc(document) } }
            let scope = XMLDocumentScope(document: document, budget: entityExpansionBudget)
            let wellFormed = context.pointee.wellFormed != 0 && collector.fatal == 0
            let root = document.flatMap { xmlDocGetRootElement($0) }.map { XMLElementView($0, scope: scope) }
            return withExtendedLifetime(scope) {
                body(XMLDocumentView(root: root, scope: scope, collector: collector, parserWellFormed: wellFormed, repaired: repair.repaired))
            }
        }
    }

    /// Parses UTF-8 XML text into owned Swift values.
    public static func parseXML(_ text: String, url: String? = nil) -> ParsedMarkup {
        withXMLDocument(text, url: url) { document in
            let root = document.root?.converted()
            return ParsedMarkup(root: root, wellFormed: document.wellFormed, errors: document.errors)
        }
    }

    /// Parses UTF-8 HTML text (a page or a fragment) with libxml2's HTML parser.
    public static func parseHTML(_ text: String) -> ParsedMarkup {
        LibXML2.ensureInitialised()
        let collector = ErrorCollector()
        return collector.capturing {
            let document = htmlReadMemory(text, Int32(text.utf8.count), nil, "UTF-8", yq_html_safe_options())
            defer { if let document { xmlFreeDoc(document) } }
            let scope = XMLDocumentScope(document: document, budget: entityExpansionBudget)
            var converter = TreeConverter(scope: scope)
            var children: [XMLNode] = []
            var node = document?.pointee.children
            while let current = node {
                converter.append(current, to: &children, depth: 0)
                node = current.pointee.next
            }
            let root = XMLElement(name: "#document", children: children)
            return ParsedMarkup(root: root, wellFormed: collector.fatal == 0, errors: collector.messages)
        }
    }
}

/// Turns libxml2's tree into `XMLElement` values.
struct TreeConverter {
    let scope: XMLDocumentScope

    mutating func element(_ node: xmlNodePtr, depth: Int) -> XMLElement? {
        guard node.pointee.type == XML_ELEMENT_NODE, depth < XMLDocumentScope.maxDepth else { return nil }
        let view = XMLElementView(node, scope: scope)
        var children: [XMLNode] = []
        var child = node.pointee.children
        while let current = child {
            append(current, to: &children, depth: depth + 1)
            child = current.pointee.next
        }
        var result = XMLElement(
            name: view.name,
            namespace: view.namespace,
            prefix: node.pointee.ns.flatMap { $0.pointee.prefix }.map { String(cString: $0) },
            attributes: view.attributes,
            children: children,
            line: view.line
        )
        result.declaredNamespaces = view.declaredNamespaces
        return result
    }

    /// Appends the Swift form of `node` to `nodes`, merging adjacent text runs (split by
    /// CDATA sections or entity references) into one.
    mutating func append(_ node: xmlNodePtr, to nodes: inout [XMLNode], depth: Int) {
        if node.pointee.type == XML_ELEMENT_NODE {
            if let element = element(node, depth: depth) { nodes.append(.element(element)) }
            return
        }
        let type = node.pointee.type
        guard type == XML_ENTITY_REF_NODE || ((type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE) && node.pointee.content != nil)
        else { return }
        let text = scope.text(of: node)
        if case .text(let previous)? = nodes.last {
            nodes[nodes.count - 1] = .text(previous + text)
        } else {
            nodes.append(.text(text))
        }
    }
}
