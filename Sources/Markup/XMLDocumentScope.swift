internal import CLibXML2

/// What every view into one libxml2 document shares while the document is alive: the
/// namespaces resolved so far and the budget for expanding internal entities.
///
/// Views hold it `unowned(unsafe)`: `MarkupParser.withXMLDocument` keeps it (and the
/// document) alive for exactly as long as its body runs, and views must not escape it.
final class XMLDocumentScope {
    let document: xmlDocPtr?
    private(set) var budget: Int
    private(set) var budgetExceeded = false
    static let maxDepth = 512

    struct NamespaceInfo {
        var uri: String?
        var bits: UInt64
    }

    /// Namespace declarations by address: a document declares a handful, and every element
    /// in one points at the same declaration.
    private var namespaces: [UnsafeRawPointer: NamespaceInfo] = [:]
    private var lastDeclaration: UnsafeRawPointer?
    private var lastInfo = NamespaceInfo(uri: nil, bits: 1)

    init(document: xmlDocPtr?, budget: Int) {
        self.document = document
        self.budget = budget
    }

    /// The URI and registry bits of a namespace declaration (nil: no namespace, bit 0).
    @inline(__always)
    func namespace(_ ns: xmlNsPtr?) -> NamespaceInfo {
        guard let ns, let href = ns.pointee.href else { return NamespaceInfo(uri: nil, bits: 1) }
        let key = UnsafeRawPointer(ns)
        if key == lastDeclaration { return lastInfo }
        let info: NamespaceInfo
        if let cached = namespaces[key] {
            info = cached
        } else {
            let uri = String(cString: href)
            info = NamespaceInfo(uri: uri, bits: NamespaceRegistry.bit(of: uri).map { 1 << $0 } ?? 0)
            namespaces[key] = info
        }
        lastDeclaration = key
        lastInfo = info
        return info
    }

    /// Expands an internal entity by hand, within the expansion budget; external entities
    /// are never resolved.
    func expandEntity(named name: String, depth: Int = 0) -> String {
        guard depth < 16, !budgetExceeded, let document, let entity = xmlGetDocEntity(document, name),
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

    /// The text content of a text, CDATA or entity-reference node ("" for anything else).
    func text(of node: xmlNodePtr) -> String {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            return node.pointee.content.map { String(cString: $0) } ?? ""
        case XML_ENTITY_REF_NODE:
            return expandEntity(named: String(cString: node.pointee.name))
        default:
            return ""
        }
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
