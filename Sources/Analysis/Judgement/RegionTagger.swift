/// Finds the administrative divisions an item concerns from the place names found in
/// its text, handling the known traps:
/// - a name inside a longer one counts once as the longer (大连 in 五大连池, 西安 in 广西安全);
/// - a name followed by a road, company, school, media or dish word does not count
///   (北京路, 南京银行, 深圳航空, 中山大学, 湖南卫视, 兰州拉面), nor one inside an
///   ordinary word (`OrdinaryWords`: 大理石 is marble, 未开封 "unopened"), nor one in a
///   person's name in a byline or quoted (`PersonNames`: 记者 王长春, 李金华表示);
/// - a name several divisions share (朝阳区 in Beijing and Changchun, 鼓楼区 in four
///   cities) is decided by the other places in the text, then by the home region, then
///   by prominence (a municipality's or provincial capital's district); a name that stays
///   ambiguous is dropped;
/// - a short name shared by a division and one inside it (大理) means the larger one;
/// - weak names (西湖, 鼓楼, 朝阳) count only with a supporting place in the text or
///   inside the home prefecture.
/// The result is the most specific divisions named: 浙江省杭州市西湖区 gives 330106 only.
public struct RegionTagger: Sendable {
    /// One occurrence of a gazetteer name: UTF-8 offsets into the normalised text.
    public struct Hit: Sendable, TextSpan {
        public var name: Int
        public var start: Int
        public var end: Int
    }

    public let gazetteer: RegionGazetteer
    /// The deployment's home jurisdiction (`analysis.home_region`), if any.
    public let home: Int?
    /// Where weak names count without support: the home prefecture (or province), as an
    /// index into the gazetteer's divisions.
    private let homeScope: Int?
    /// Words that hold a place's name (大理石, 未开封): there the name is no place.
    private let ordinaryWords: OrdinaryWords

    public init(gazetteer: RegionGazetteer = .standard, home: Int? = nil) {
        self.gazetteer = gazetteer
        self.home = home
        ordinaryWords = OrdinaryWords(names: gazetteer.names)
        if let home, let index = gazetteer.index(of: home) {
            homeScope = gazetteer.divisions[index].level == .county ? gazetteer.parentIndexes[index] : index
        } else {
            homeScope = nil
        }
    }

    /// Words that, right after a place name, make it part of another name.
    static let blockingSuffixes = [
        "路", "街", "大街", "大道", "巷", "弄", "胡同", "银行", "农商", "航空", "证券", "保险", "大学", "学院", "卫视", "日报", "晚报",
        "电视台", "拉面", "小吃", "烤鸭", "扑克", "瓜", "湾", "江", "队", "话", "号", "舰", "玉", "茶", "菜", "高速", "集团", "籍贯",
    ]

    /// After a short name, a division word means the text is some other word: 以上城市
    /// holds 上城 but 上城市 is no place (a real name with its suffix matches as a whole).
    static let divisionWords = ["市", "区", "县", "省", "州"]

    private struct Mention {
        /// Indexes into the gazetteer's divisions.
        var candidates: [Int]
        var strength: RegionGazetteer.Strength
    }

    /// The codes of the divisions `hits` in `fields` name (most specific only).
    ///
    /// Works on division indexes and small arrays: an item names a handful of places, and
    /// this runs for every item.
    public func tag(fields: [[UInt8]], hits: [[Hit]]) -> [Int] {
        if hits.allSatisfy({ $0.isEmpty }) { return [] }
        var mentions: [Mention] = []
        for (field, fieldHits) in zip(fields, hits) {
            var previous: (end: Int, candidates: [Int])?
            for hit in fieldHits.leftmostLongest() {
                // A name with its division word is that place whatever follows it: 重庆市江北区
                // (not 江 as in 钱塘江), 沙县区小吃 (not the dish 沙县小吃).
                if !Self.endsInDivisionWord(field, at: hit.end) && Self.blocked(field, after: hit.end, suffixes: Self.blockingSuffixBytes) {
                    continue
                }
                let name = gazetteer.names[hit.name]
                if !name.isFullName && Self.blocked(field, after: hit.end, suffixes: Self.divisionWordBytes) { continue }
                if ordinaryWords.contain(name: hit.name, in: field, start: hit.start, end: hit.end) { continue }
                if PersonNames.contain(field, start: hit.start, end: hit.end) { continue }
                var candidates = name.divisions.count == 1 ? name.divisions : outermost(name.divisions)
                // Right after another place, a county's short name must lie in it: 香港大埔
                // is Hong Kong's Tai Po, not Dabu county; 佛山顺德 is Foshan's Shunde.
                if let previous, previous.end == hit.start, name.strength < .strong {
                    candidates = candidates.filter { candidate in previous.candidates.contains { related(candidate, $0) } }
                    if candidates.isEmpty { continue }
                }
                previous = (hit.end, candidates)
                mentions.append(Mention(candidates: candidates, strength: name.strength))
            }
        }
        guard !mentions.isEmpty else { return [] }
        var accepted: [Int] = []
        var anchors: [Int] = []
        func accept(_ index: Int) {
            accepted.append(index)
            var current = index
            while current >= 0 {
                if !anchors.contains(current) { anchors.append(current) }
                current = gazetteer.parentIndexes[current]
            }
        }
        for mention in mentions where mention.candidates.count == 1 && mention.strength > .weak && !accepted.contains(mention.candidates[0]) {
            accept(mention.candidates[0])
        }
        // Two rounds, so a place decided in the first supports others in the second.
        for _ in 0..<2 {
            // The home region supports weak names only while the text names no place
            // elsewhere: in 扬州瘦西湖, 西湖 is not Hangzhou's district.
            let elsewhere = anchors.contains { anchor in homeScope.map { !related(anchor, $0) } ?? true }
            for mention in mentions {
                guard !mention.candidates.contains(where: accepted.contains), let index = choose(mention.candidates, anchors: anchors)
                else { continue }
                if mention.strength == .weak && !supported(index, anchors: anchors, homeCounts: !elsewhere) { continue }
                accept(index)
            }
        }
        let innermost = accepted.filter { outer in !accepted.contains { $0 != outer && gazetteer.encloses(index: outer, $0) } }
        return innermost.map { gazetteer.divisions[$0].code }.sorted()
    }

    /// The candidates without those inside another candidate (大理州 over 大理市).
    private func outermost(_ candidates: [Int]) -> [Int] {
        candidates.filter { inner in !candidates.contains { $0 != inner && gazetteer.encloses(index: $0, inner) } }
    }

    /// The candidate the context, the home region or prominence points to, narrowing by
    /// each in turn; nil when still ambiguous.
    private func choose(_ candidates: [Int], anchors: [Int]) -> Int? {
        if candidates.count == 1 { return candidates[0] }
        var remaining = candidates
        func narrow(_ keep: (Int) -> Bool) -> Int? {
            let preferred = remaining.filter(keep)
            if !preferred.isEmpty { remaining = preferred }
            return remaining.count == 1 ? remaining[0] : nil
        }
        let closest = remaining.map { relation($0, anchors: anchors) }.max() ?? 0
        if closest > 0, let chosen = narrow({ relation($0, anchors: anchors) == closest }) { return chosen }
        if let chosen = narrow(inHome) { return chosen }
        let highest = remaining.map { gazetteer.divisions[$0].level }.min()
        if let chosen = narrow({ gazetteer.divisions[$0].level == highest }) { return chosen }
        if let chosen = narrow({ [110000, 120000, 310000, 500000].contains(gazetteer.divisions[$0].parent ?? 0) }) { return chosen }
        return narrow { (gazetteer.divisions[$0].parent ?? 1) % 10_000 == 100 }
    }

    /// A weak name counts when a place enclosing it is named, or it lies in the home scope.
    private func supported(_ index: Int, anchors: [Int], homeCounts: Bool) -> Bool {
        relation(index, anchors: anchors) > 0 || (homeCounts && inHome(index))
    }

    /// True when one of two divisions lies in the other.
    private func related(_ first: Int, _ second: Int) -> Bool {
        gazetteer.encloses(index: first, second) || gazetteer.encloses(index: second, first)
    }

    /// How closely a named place encloses division `index`: 2 when its prefecture is
    /// named, 1 when only its province is, 0 when neither (鼓楼区 after 南京 is Nanjing's,
    /// not Xuzhou's).
    private func relation(_ index: Int, anchors: [Int]) -> Int {
        var current = gazetteer.parentIndexes[index]
        while current >= 0 {
            if anchors.contains(current) { return gazetteer.divisions[current].level.rawValue }
            current = gazetteer.parentIndexes[current]
        }
        return 0
    }

    private func inHome(_ index: Int) -> Bool {
        guard let homeScope else { return false }
        return gazetteer.encloses(index: homeScope, index)
    }

    static let blockingSuffixBytes = SuffixSet(blockingSuffixes)
    static let divisionWordBytes = SuffixSet(divisionWords)
    /// The last characters of names with their division word: 市, 区, 县, 省, 旗, 盟 — not 州,
    /// which ends short names as well (杭州湾 is a bay, not 杭州).
    static let divisionEndings = SuffixSet(["市", "区", "县", "省", "旗", "盟"])

    /// True when the name ending at `end` ends in a division word (重庆市, 沙县区).
    static func endsInDivisionWord(_ text: [UInt8], at end: Int) -> Bool {
        guard end >= 3 else { return false }
        return divisionEndings.firsts.contains(SuffixSet.code(text, at: end - 3))
    }

    /// Words of CJK characters, looked up by their first character (one comparison of a
    /// 3-byte code per word, not a slice per word: this runs for every place name found).
    /// The codes in an array of their own: reading an element that holds the rest's array
    /// retained and released it, 37 words twice per place name found.
    struct SuffixSet: Sendable {
        /// Each word's first character's three UTF-8 bytes as one number.
        let firsts: [UInt32]
        /// Each word's bytes after the first character.
        let rests: [[UInt8]]

        init(_ words: [String]) {
            let bytes = words.map { Array($0.utf8) }
            firsts = bytes.map { Self.code($0, at: 0) }
            rests = bytes.map { Array($0.dropFirst(3)) }
        }

        static func code(_ bytes: [UInt8], at offset: Int) -> UInt32 {
            UInt32(bytes[offset]) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
        }
    }

    static func blocked(_ text: [UInt8], after end: Int, suffixes: SuffixSet) -> Bool {
        guard end + 3 <= text.count else { return false }
        let first = SuffixSet.code(text, at: end)
        for index in suffixes.firsts.indices where suffixes.firsts[index] == first {
            let start = end + 3, count = suffixes.rests[index].count
            if start + count <= text.count && text[start..<start + count].elementsEqual(suffixes.rests[index]) { return true }
        }
        return false
    }
}
