/// A character encoding, identified by its lowercase WHATWG-style name.
///
/// Labels are mapped as the WHATWG Encoding Standard does: `gb2312`, `gbk`, `x-gbk`
/// and `gb18030` all decode as GB18030 (a strict superset); `iso-8859-1`, `latin1` and
/// `us-ascii` decode as windows-1252.
public struct Charset: Sendable, Hashable, CustomStringConvertible {
    /// The lowercase name reported to users (`utf-8`, `gb18030`, `big5`, `windows-1252`).
    public let name: String
    /// The name glibc's iconv knows it by.
    let iconvName: String

    public var description: String { name }

    public static let utf8 = Charset(name: "utf-8", iconvName: "UTF-8")
    public static let utf16LE = Charset(name: "utf-16le", iconvName: "UTF-16LE")
    public static let utf16BE = Charset(name: "utf-16be", iconvName: "UTF-16BE")
    public static let utf32LE = Charset(name: "utf-32le", iconvName: "UTF-32LE")
    public static let utf32BE = Charset(name: "utf-32be", iconvName: "UTF-32BE")
    public static let gb18030 = Charset(name: "gb18030", iconvName: "GB18030")
    public static let big5 = Charset(name: "big5", iconvName: "BIG5-HKSCS")
    public static let windows1252 = Charset(name: "windows-1252", iconvName: "CP1252")
    public static let eucKR = Charset(name: "euc-kr", iconvName: "CP949")

    private static let aliases: [String: Charset] = {
        var table: [String: Charset] = [:]
        for label in ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"] {
            table[label] = .utf8
        }
        for label in [
            "gb2312", "gbk", "x-gbk", "gb18030", "gb_2312-80", "gb_2312", "chinese", "csgb2312",
            "csiso58gb231280", "iso-ir-58", "cp936", "windows-936", "ms936", "euc-cn", "x-euc-cn",
        ] {
            table[label] = .gb18030
        }
        for label in ["big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950"] {
            table[label] = .big5
        }
        // WHATWG's euc-kr is windows-949 (UHC, as uchardet calls it), a superset.
        for label in [
            "euc-kr", "cp949", "windows-949", "uhc", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601",
            "csksc56011987", "iso-ir-149", "cseuckr",
        ] {
            table[label] = .eucKR
        }
        for label in [
            "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "us-ascii", "ascii", "ansi_x3.4-1968",
            "windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100", "csisolatin1",
        ] {
            table[label] = .windows1252
        }
        table["utf-16"] = .utf16LE
        table["utf-16le"] = .utf16LE
        table["unicode"] = .utf16LE
        table["utf-16be"] = .utf16BE
        table["utf-32"] = .utf32LE
        table["utf-32le"] = .utf32LE
        table["utf-32be"] = .utf32BE
        return table
    }()

    /// Other legacy encodings that glibc's iconv decodes under their own name.
    private static let passThrough: Set<String> = [
        "shift_jis", "shift-jis", "sjis", "cp932", "windows-31j", "euc-jp", "euc-tw", "iso-2022-kr", "iso-2022-cn", "iso-2022-jp", "koi8-r", "koi8-u", "ibm855", "viscii",
        "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7", "iso-8859-8",
        "iso-8859-9", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16",
        "windows-1250", "windows-1251", "windows-1253", "windows-1254", "windows-1255", "windows-1256",
        "windows-1257", "windows-1258", "windows-874", "tis-620", "macintosh", "ibm866",
    ]

    /// The charset a label names, or nil when the label is unknown.
    public init?(label: String) {
        var key = label.trimmingCharacters(in: .whitespacesAndQuotes).lowercased()
        if key.hasPrefix("x-mac-") { key = "macintosh" }
        if key == "iso-8859-11" { key = "tis-620" }
        if let known = Self.aliases[key] {
            self = known
        } else if Self.passThrough.contains(key) {
            self.init(name: key, iconvName: key.uppercased())
        } else {
            return nil
        }
    }

    init(name: String, iconvName: String) {
        self.name = name
        self.iconvName = iconvName
    }

    /// True for UTF-8 and the UTF-16/32 forms.
    public var isUnicode: Bool { name.hasPrefix("utf-") }
}

extension Set where Element == Character {
    static let whitespacesAndQuotes: Set<Character> = [" ", "\t", "\r", "\n", "\"", "'"]
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
