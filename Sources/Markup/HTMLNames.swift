/// What the sanitiser does with each element and attribute name, looked up from the name's
/// bytes without making a string: a name of up to 16 bytes, ASCII case folded, packed into
/// two words.
enum HTMLNames {
    enum Element: Sendable {
        /// Written out, with its content.
        case kept
        /// Written out, never has content or an end tag.
        case void
        /// Left out; what it holds stays (sanitised in turn).
        case droppedTag
        /// Left out with everything it holds; `rawText` when the content is text up to the
        /// matching end tag (script, style), otherwise nested markup.
        case droppedWithContent(rawText: Bool)
    }

    enum AttributeKind: Sendable {
        case plain
        /// Dropped whatever its value: `on…` handlers, `style`, `srcdoc`.
        case dropped
        /// One URL: checked for a script scheme, made absolute.
        case url
        /// A list of image candidates (`srcset`).
        case urlList
    }

    struct Key: Hashable, Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0
    }

    /// A fixed open-addressed table from keys to values with a multiplicative hash: the
    /// lookups of every tag and attribute cost a multiply and a compare or two, where a
    /// `Dictionary` would run SipHash.
    struct NameTable<Value: Sendable>: Sendable {
        private static var slots: Int { 256 }
        private var keys = [Key?](repeating: nil, count: NameTable.slots)
        private var values = [Value?](repeating: nil, count: NameTable.slots)

        init() {}

        init(marking keys: [Key]) where Value == Bool {
            for key in keys { self[key] = true }
        }

        @inline(__always) private static func slot(_ key: Key) -> Int {
            Int(truncatingIfNeeded: ((key.low ^ (key.high &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
        }

        subscript(key: Key) -> Value? {
            get {
                var slot = Self.slot(key)
                while let stored = keys[slot] {
                    if stored == key { return values[slot] }
                    slot = (slot + 1) & (Self.slots - 1)
                }
                return nil
            }
            set {
                var slot = Self.slot(key)
                while let stored = keys[slot], stored != key { slot = (slot + 1) & (Self.slots - 1) }
                keys[slot] = key
                values[slot] = newValue
            }
        }
    }

    /// The key of a lowercase name; nil when longer than 16 bytes.
    static func key(_ lowercase: UnsafeBufferPointer<UInt8>) -> Key? {
        guard lowercase.count <= 16 else { return nil }
        var key = Key()
        for (index, byte) in lowercase.enumerated() {
            if index < 8 { key.low |= UInt64(byte) << (8 * UInt64(index)) } else { key.high |= UInt64(byte) << (8 * UInt64(index - 8)) }
        }
        return key
    }

    private static func key(_ name: String) -> Key {
        Array(name.utf8).withUnsafeBufferPointer { key($0) } ?? Key()
    }

    private static let elements: NameTable<Element> = {
        var table = NameTable<Element>()
        for name in ["area", "br", "col", "hr", "img", "param", "source", "track", "wbr", "keygen"] { table[key(name)] = .void }
        for name in HTMLTreeSanitizer.droppedElements { table[key(name)] = .droppedTag }
        for name in ["script", "style"] { table[key(name)] = .droppedWithContent(rawText: true) }
        for name in ["applet", "template"] { table[key(name)] = .droppedWithContent(rawText: false) }
        return table
    }()

    /// Elements whose start closes an open `p`, as in the HTML standard's tree building.
    private static let closesParagraph: NameTable<Bool> = NameTable(marking:
        ["address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer",
         "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul"].map(key))

    private static let attributes: NameTable<AttributeKind> = {
        var table = NameTable<AttributeKind>()
        for name in ["href", "src", "action", "formaction", "background", "poster", "lowsrc", "dynsrc"] { table[key(name)] = .url }
        for name in ["srcset", "imagesrcset"] { table[key(name)] = .urlList }
        for name in ["style", "srcdoc"] { table[key(name)] = .dropped }
        return table
    }()

    static let paragraph = key("p")
    static let listItem = key("li")
    static let definitionTerms: Set<Key> = [key("dt"), key("dd")]
    static let tableCells: Set<Key> = [key("td"), key("th")]
    static let tableRow = key("tr")
    static let option = key("option")

    static func element(_ lowercase: UnsafeBufferPointer<UInt8>) -> Element {
        guard let key = key(lowercase) else { return .kept }
        return elements[key] ?? .kept
    }

    static func closesParagraph(_ key: Key) -> Bool { closesParagraph[key] ?? false }

    static func attribute(_ lowercase: UnsafeBufferPointer<UInt8>) -> AttributeKind {
        // Event handlers: `on` and a letter, as the pre-check and the tree sanitiser read them.
        if lowercase.count > 2, lowercase[0] == UInt8(ascii: "o"), lowercase[1] == UInt8(ascii: "n"),
            lowercase[2] >= 0x61, lowercase[2] <= 0x7A
        {
            return .dropped
        }
        if let key = key(lowercase), let kind = attributes[key] { return kind }
        if lowercase.count > 5, Array(lowercase[(lowercase.count - 5)...]) == Array(":href".utf8) { return .url }
        return .plain
    }

    /// ASCII letters, digits and `-`, `_`, `:`, `.`: the only names written out, so that
    /// no name can carry a quote, a `<` or a character a browser reads another way.
    @inline(__always) static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F || byte == 0x3A || byte == 0x2E
    }

    @inline(__always) static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
