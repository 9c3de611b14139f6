/// A parsed XML or HTML element as a plain Swift value: no C pointers escape Markup.
public struct XMLElement: Sendable, Equatable {
    /// The local name (without prefix).
    public var name: String
    /// The namespace URI, if the element is in a namespace.
    public var namespace: String?
    /// The prefix as written in the document, if any.
    public var prefix: String?
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]
    /// The line the element starts on, 0 if unknown.
    public var line: Int
    /// Namespace URIs declared on this element (`xmlns`, `xmlns:p`).
    public var declaredNamespaces: [String] = []

    public init(
        name: String, namespace: String? = nil, prefix: String? = nil,
        attributes: [XMLAttribute] = [], children: [XMLNode] = [], line: Int = 0
    ) {
        self.name = name
        self.namespace = namespace
        self.prefix = prefix
        self.attributes = attributes
        self.children = children
        self.line = line
    }

    /// The element children, in order.
    public var elements: [XMLElement] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// The concatenated text of all descendants.
    public var text: String {
        if children.count == 1, case .text(let only) = children[0] { return only }
        var result = ""
        appendText(to: &result)
        return result
    }

    private func appendText(to result: inout String) {
        for child in children {
            switch child {
            case .text(let text): result += text
            case .element(let element): element.appendText(to: &result)
            }
        }
    }

    /// The value of the attribute with this local name (and namespace, when given).
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }?.value
    }

    /// The first child element with this local name, in any of `namespaces` (nil matches any).
    public func child(_ name: String, in namespaces: Set<String?>? = nil) -> XMLElement? {
        for case .element(let element) in children where element.name == name {
            if namespaces?.contains(element.namespace) ?? true { return element }
        }
        return nil
    }

    /// All child elements with this local name, in any of `namespaces` (nil matches any).
    public func children(_ name: String, in namespaces: Set<String?>? = nil) -> [XMLElement] {
        var result: [XMLElement] = []
        for case .element(let element) in children where element.name == name {
            if namespaces?.contains(element.namespace) ?? true { result.append(element) }
        }
        return result
    }
}

/// A node of the tree: an element or a run of text (CDATA merged in).
public enum XMLNode: Sendable, Equatable {
    case element(XMLElement)
    case text(String)
}

/// An attribute with its namespace (e.g. `xml:base` is in the XML namespace).
public struct XMLAttribute: Sendable, Equatable {
    public var name: String
    public var namespace: String?
    public var value: String

    public init(name: String, namespace: String? = nil, value: String) {
        self.name = name
        self.namespace = namespace
        self.value = value
    }

    /// The namespace of `xml:base`, `xml:lang`.
    public static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
}
