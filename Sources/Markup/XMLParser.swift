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

    /// Parses UTF-8 XML text (the encoding declaration inside is ignored: the caller decoded it).
    public static func parseXML(_ text: String, url: String? = nil) -> ParsedMarkup {
        LibXML2.ensureInitialised()
        let collector = ErrorCollector()
        let repair = EntityRepair.repair(text)
        let text = repair.text
        var utf8 = Array(text.utf8)
        if utf8.isEmpty { utf8 = [0] }
        return collector.capturing {
            guard let context = xmlNewParserCtxt() else {
                return ParsedMarkup(root: nil, wellFormed: false, errors: ["libxml2 could not allocate a parser"])
            }
            defer { xmlFreeParserCtxt(context) }
            let document = utf8.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    xmlCtxtReadMemory(context, chars.baseAddress, Int32(text.utf8.count), url, "UTF-8", yq_xml_safe_options())
                }
            }
            defer { if let document { xmlFreeDoc(document) } }
            let wellFormed = context.pointee.wellFormed != 0 && collector.fatal == 0
            var converter = TreeConverter(document: document, budget: entityExpansionBudget)
            let root = document.flatMap { xmlDocGetRootElement($0) }.flatMap { converter.element($0, depth: 0) }
            var errors = collector.messages
            if !repair.repaired.isEmpty {
                let names = repair.repaired.prefix(5).joined(separator: ", ")
                errors.insert("undefined entities or bare ampersands repaired: \(names)", at: 0)
            }
            if converter.budgetExceeded { errors.append("entity expansion exceeded \(entityExpansionBudget) characters") }
            let clean = wellFormed && !converter.budgetExceeded && repair.repaired.isEmpty
            return ParsedMarkup(root: root, wellFormed: clean, errors: errors)
        }
    }

    /// Parses UTF-8 HTML text (a page or a fragment) with libxml2's HTML parser.
    public static func parseHTML(_ text: String) -> ParsedMarkup {
        LibXML2.ensureInitialised()
        let collector = ErrorCollector()
        return collector.capturing {
            let document = htmlReadMemory(text, Int32(text.utf8.count), nil, "UTF-8", yq_html_safe_options())
            defer { if let document { xmlFreeDoc(document) } }
            var converter = TreeConverter(document: document, budget: entityExpansionBudget)
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
private struct TreeConverter {
    let document: xmlDocPtr?
    var budget: Int
    var budgetExceeded = false
    static let maxDepth = 512

    init(document: xmlDocPtr?, budget: Int) {
        self.document = document
        self.budget = budget
    }

    /// Namespace URIs by the address of libxml2's interned string: most elements share a
    /// handful, and a URI is too long for Swift's small-string storage.
    private var namespaceCache: [UnsafeRawPointer: String] = [:]

    private mutating func namespace(_ ns: xmlNsPtr?) -> String? {
        guard let href = ns?.pointee.href else { return nil }
        let key = UnsafeRawPointer(href)
        if let cached = namespaceCache[key] { return cached }
        let value = String(cString: href)
        namespaceCache[key] = value
        return value
    }

    mutating func element(_ node: xmlNodePtr, depth: Int) -> XMLElement? {
        guard node.pointee.type == XML_ELEMENT_NODE, depth < Self.maxDepth else { return nil }
        var attributes: [XMLAttribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = String(cString: current.pointee.name)
            let value: String
            if let text = current.pointee.children, text.pointee.next == nil, text.pointee.type == XML_TEXT_NODE, let content = text.pointee.content {
                value = String(cString: content)  // the usual single text child, without a copy by libxml2
            } else {
                let raw = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self))
                value = raw.map { String(cString: $0) } ?? ""
                if let raw { yq_xml_free(raw) }
            }
            attributes.append(XMLAttribute(name: name, namespace: namespace(current.pointee.ns), value: value))
            attribute = current.pointee.next
        }
        var children: [XMLNode] = []
        var child = node.pointee.children
        while let current = child {
            append(current, to: &children, depth: depth + 1)
            child = current.pointee.next
        }
        var declared: [String] = []
        var definition = node.pointee.nsDef
        while let current = definition {
            if let href = current.pointee.href { declared.append(String(cString: href)) }
            definition = current.pointee.next
        }
        var result = XMLElement(
            name: String(cString: node.pointee.name),
            namespace: namespace(node.pointee.ns),
            prefix: node.pointee.ns.flatMap { $0.pointee.prefix }.map { String(cString: $0) },
            attributes: attributes,
            children: children,
            line: Int(xmlGetLineNo(node))
        )
        result.declaredNamespaces = declared
        return result
    }

    /// Appends the Swift form of `node` to `nodes`, merging adjacent text runs (split by
    /// CDATA sections or entity references) into one.
    mutating func append(_ node: xmlNodePtr, to nodes: inout [XMLNode], depth: Int) {
        let text: String
        switch node.pointee.type {
        case XML_ELEMENT_NODE:
            if let element = element(node, depth: depth) { nodes.append(.element(element)) }
            return
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            guard let content = node.pointee.content else { return }
            text = String(cString: content)
        case XML_ENTITY_REF_NODE:
            text = expandEntity(named: String(cString: node.pointee.name), depth: 0)
        default:
            return
        }
        if case .text(let previous)? = nodes.last {
            nodes[nodes.count - 1] = .text(previous + text)
        } else {
            nodes.append(.text(text))
        }
    }

    /// Expands an internal entity by hand, within the expansion budget; external
    /// entities are never resolved.
    private mutating func expandEntity(named name: String, depth: Int) -> String {
        guard depth < 16, let document, let entity = xmlGetDocEntity(document, name),
            entity.pointee.etype == XML_INTERNAL_GENERAL_ENTITY || entity.pointee.etype == XML_INTERNAL_PREDEFINED_ENTITY,
            let content = entity.pointee.content
        else { return "" }
        let raw = String(cString: content)
        var result = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let inner = String(rest[rest.index(after: amp)..<semicolon])
            if inner.hasPrefix("#") {
                result += CharacterReference.decode(inner) ?? ""
            } else {
                result += expandEntity(named: inner, depth: depth + 1)
            }
            rest = rest[rest.index(after: semicolon)...]
            if budgetExceeded { return "" }
        }
        result += rest
        budget -= result.utf8.count
        if budget < 0 {
            budgetExceeded = true
            return ""
        }
        return result
    }
}

/// Numeric character references (`#38`, `#x26`).
enum CharacterReference {
    static func decode(_ body: String) -> String? {
        let digits = body.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits)
        }
        return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
    }
}
