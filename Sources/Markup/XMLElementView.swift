internal import CLibXML2

/// An element of a document libxml2 parsed, read in place: names, namespaces, attributes
/// and text become Swift strings only when asked for, and a child look-up follows
/// libxml2's pointers instead of copying a tree.
///
/// A view is valid only inside the `MarkupParser.withXMLDocument` body that produced it;
/// it must not be stored or returned from there. `converted()` makes an owned copy.
public struct XMLElementView {
    private let node: OpaquePointer
    unowned(unsafe) let scope: XMLDocumentScope

    init(_ node: xmlNodePtr, scope: XMLDocumentScope) {
        self.node = OpaquePointer(node)
        self.scope = scope
    }

    var pointer: xmlNodePtr { xmlNodePtr(node) }

    /// The local name (without prefix).
    public var name: String { String(cString: pointer.pointee.name) }

    /// Whether the local name is `name`, compared without making a string.
    @inline(__always)
    public func hasName(_ name: StaticString) -> Bool {
        Self.equal(pointer.pointee.name, name)
    }

    /// A NUL-terminated libxml2 string compared with a short literal, inline (names are a
    /// few bytes, and most comparisons fail at the first one).
    @inline(__always)
    static func equal(_ cString: UnsafePointer<xmlChar>?, _ literal: StaticString) -> Bool {
        guard let cString else { return false }
        guard literal.hasPointerRepresentation else {  // a StaticString made from one scalar has no UTF-8 pointer
            let scalar = literal.unicodeScalar
            return scalar.isASCII ? cString[0] == UInt8(scalar.value) && cString[1] == 0 : String(cString: cString) == String(scalar)
        }
        let bytes = literal.utf8Start
        let count = literal.utf8CodeUnitCount
        for index in 0..<count where cString[index] != bytes[index] { return false }
        return cString[count] == 0
    }

    /// The namespace URI, if the element is in a namespace.
    public var namespace: String? { scope.namespace(pointer.pointee.ns).uri }

    /// Whether the element's namespace (or its lack of one) is in `set`.
    @inline(__always)
    public func isIn(_ set: XMLNamespaceSet) -> Bool {
        let info = scope.namespace(pointer.pointee.ns)
        return set.contains(bits: info.bits, uri: info.uri)
    }

    /// The line the element starts on, 0 if unknown.
    public var line: Int { Int(xmlGetLineNo(pointer)) }

    /// The element children, in order.
    public var elements: [XMLElementView] {
        var result: [XMLElementView] = []
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElementView(current, scope: scope)) }
            child = current.pointee.next
        }
        return result
    }

    /// Whether the element has element children.
    public var hasElements: Bool {
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { return true }
            child = current.pointee.next
        }
        return false
    }

    /// The first child element with this local name, in `namespaces` (nil matches any).
    public func child(_ name: StaticString, in namespaces: XMLNamespaceSet? = nil) -> XMLElementView? {
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, Self.equal(current.pointee.name, name) {
                let view = XMLElementView(current, scope: scope)
                guard let namespaces else { return view }
                if view.isIn(namespaces) { return view }
            }
            child = current.pointee.next
        }
        return nil
    }

    /// All child elements with this local name, in `namespaces` (nil matches any).
    public func children(_ name: StaticString, in namespaces: XMLNamespaceSet? = nil) -> [XMLElementView] {
        var result: [XMLElementView] = []
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE, Self.equal(current.pointee.name, name) {
                let view = XMLElementView(current, scope: scope)
                if namespaces == nil || namespaces.map({ view.isIn($0) }) == true { result.append(view) }
            }
            child = current.pointee.next
        }
        return result
    }

    /// The value of the attribute with this local name, in `namespace` when given.
    public func attribute(_ name: StaticString, namespace: String? = nil) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if Self.equal(current.pointee.name, name),
                namespace == nil || scope.namespace(current.pointee.ns).uri == namespace
            {
                return Self.value(of: current)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// Every attribute, with its namespace.
    public var attributes: [XMLAttribute] {
        var result: [XMLAttribute] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            result.append(XMLAttribute(
                name: String(cString: current.pointee.name), namespace: scope.namespace(current.pointee.ns).uri,
                value: Self.value(of: current)))
            attribute = current.pointee.next
        }
        return result
    }

    static func value(of attribute: xmlAttrPtr) -> String {
        if let text = attribute.pointee.children, text.pointee.next == nil, text.pointee.type == XML_TEXT_NODE,
            let content = text.pointee.content
        {
            return String(cString: content)  // the usual single text child, without a copy by libxml2
        }
        let raw = xmlNodeGetContent(UnsafeMutableRawPointer(attribute).assumingMemoryBound(to: xmlNode.self))
        defer { if let raw { yq_xml_free(raw) } }
        return raw.map { String(cString: $0) } ?? ""
    }

    /// Namespace URIs declared on this element (`xmlns`, `xmlns:p`).
    public var declaredNamespaces: [String] {
        var declared: [String] = []
        var definition = pointer.pointee.nsDef
        while let current = definition {
            if let href = current.pointee.href { declared.append(String(cString: href)) }
            definition = current.pointee.next
        }
        return declared
    }

    /// The concatenated text of all descendants (internal entities expanded).
    public var text: String {
        guard let first = pointer.pointee.children else { return "" }
        if first.pointee.next == nil, first.pointee.type == XML_TEXT_NODE || first.pointee.type == XML_CDATA_SECTION_NODE {
            return first.pointee.content.map { String(cString: $0) } ?? ""
        }
        var result = ""
        appendText(of: pointer, to: &result, depth: 0)
        return result
    }

    /// Calls `body` with the bytes of the element's text when it is one text or CDATA node
    /// (nearly every summary), without making a String; nil otherwise.
    public func withSingleTextBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard let first = pointer.pointee.children, first.pointee.next == nil,
            first.pointee.type == XML_TEXT_NODE || first.pointee.type == XML_CDATA_SECTION_NODE, let content = first.pointee.content
        else { return nil }
        return body(UnsafeBufferPointer(start: content, count: Int(xmlStrlen(content))))
    }

    private func appendText(of node: xmlNodePtr, to result: inout String, depth: Int) {
        guard depth < XMLDocumentScope.maxDepth else { return }
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                appendText(of: current, to: &result, depth: depth + 1)
            } else {
                result += scope.text(of: current)
            }
            child = current.pointee.next
        }
    }

    /// A child node: an element, or a run of text (a text node, CDATA section or entity).
    public enum Child {
        case element(XMLElementView)
        case text(String)
    }

    /// Calls `body` with every child element and non-empty text run, in document order.
    public func forEachChild(_ body: (Child) -> Void) {
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                body(.element(XMLElementView(current, scope: scope)))
            } else {
                let text = scope.text(of: current)
                if !text.isEmpty { body(.text(text)) }
            }
            child = current.pointee.next
        }
    }

    /// An owned copy of this element and everything inside it.
    public func converted() -> XMLElement? {
        var converter = TreeConverter(scope: scope)
        return converter.element(pointer, depth: 0)
    }
}
