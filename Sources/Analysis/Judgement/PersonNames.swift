/// People's names that hold a place's name, which read as places would tag an item with a
/// place it never mentions (长春, 许昌, 金华 are common given names):
/// - in bylines — （记者 王长春 通讯员 许昌）, 文/李金华: a common surname and one or two
///   characters, standing as a token (a space, punctuation, a bracket or 报道/摄 after it)
///   right after a byline role, or after other such names that follow one;
/// - quoted or titled — 王长春表示, 市长王长春, 李金华书记: a common surname right before
///   the place, and a speech verb or a title right after the name or a title before it.
///   The place read whole as a name (许昌表示) is not taken for one: 温州表示 is a city.
///
/// Checked for each place name found, in the normalised bytes (NFKC has made （ ( and ： :).
enum PersonNames {
    /// True when the place name at `start..<end` of `text` is (part of) a person's name.
    static func contain(_ text: [UInt8], start: Int, end: Int) -> Bool {
        inByline(text, start: start, end: end) || titled(text, start: start, end: end)
    }

    /// In a byline (see the type's description).
    static func inByline(_ text: [UInt8], start: Int, end: Int) -> Bool {
        guard let follower = tokenEnd(text, at: end) else { return false }
        // The name is the surname before the place and the place (王长春, 李金华), or the
        // place itself read as surname and given name (许昌). 温州报道 after a name is where
        // the reporter writes from, so a place read whole needs another token end.
        if start >= 3, isSurname(text, at: start - 3), end - start <= 6, precededByRole(text, nameStart: start - 3, hops: 3) {
            return true
        }
        return follower != .report && isSurname(text, at: start) && end - start <= 9 && precededByRole(text, nameStart: start, hops: 3)
    }

    /// A surname right before a two-character place, with a speech verb or title after the
    /// name or a title before it: 王长春表示, 市长王长春.
    static func titled(_ text: [UInt8], start: Int, end: Int) -> Bool {
        guard start >= 3, end - start == 6, isSurname(text, at: start - 3) else { return false }
        return after.contains { starts(text, at: end, with: $0) } || titles.contains { ends(text, at: start - 3, with: $0) }
    }

    private enum Follower { case separator, report }

    /// What ends the name token at `end`, if anything does.
    private static func tokenEnd(_ text: [UInt8], at end: Int) -> Follower? {
        guard end < text.count else { return .separator }
        if [0x20, 0x29, 0x5D, 0x2C, 0x2F, 0x7C, 0x2E, 0x3B, 0x21, 0x3F, 0x3A].contains(text[end]) { return .separator }  // space ) ] , / | . ; ! ? :
        for word in separators where starts(text, at: end, with: word) { return .separator }
        for word in reports where starts(text, at: end, with: word) { return .report }
        return nil
    }

    /// True when a byline role ends right before `nameStart` (across spaces and colons), or
    /// before other names (up to `hops`) that follow one.
    private static func precededByRole(_ text: [UInt8], nameStart: Int, hops: Int) -> Bool {
        var position = nameStart
        while position > 0, text[position - 1] == 0x20 || text[position - 1] == 0x3A { position -= 1 }
        while position >= 3, ends(text, at: position, with: enumerationComma) { position -= 3 }
        for role in roles where ends(text, at: position, with: role) { return true }
        guard hops > 0, position < nameStart else { return false }
        for length in [9, 6] where position >= length && isSurname(text, at: position - length) {
            if precededByRole(text, nameStart: position - length, hops: hops - 1) { return true }
        }
        return false
    }

    /// Words after a person's name: speech verbs and titles.
    static let after = [
        "表示", "说", "指出", "介绍", "认为", "强调", "透露", "坦言", "告诉", "回忆", "感慨", "提出", "要求",
        "书记", "市长", "县长", "区长", "局长", "处长", "主任", "部长", "厅长", "董事长", "总经理", "院长", "校长",
        "教授", "院士", "博士", "医生", "律师", "警官", "先生", "女士", "同志", "老人", "夫妇",
    ].map { Array($0.utf8) }
    /// Titles before a person's name.
    static let titles = [
        "书记", "市长", "县长", "区长", "局长", "处长", "主任", "部长", "厅长", "董事长", "总经理", "院长", "校长",
        "教授", "院士", "博士", "医生", "律师", "警官", "村民", "市民", "居民", "网友", "负责人", "主持人", "发言人",
    ].map { Array($0.utf8) }
    static let roles = ["记者", "通讯员", "实习生", "编辑", "责编", "摄影", "作者", "撰稿", "文/", "图/", "文:", "图:"].map { Array($0.utf8) }
    static let separators = ["、", "】", "》", "。"].map { Array($0.utf8) }
    static let reports = ["报道", "摄"].map { Array($0.utf8) }
    static let enumerationComma = Array("、".utf8)

    /// The hundred or so commonest surnames (about 85 % of people), as 3-byte codes.
    static let surnames: Set<UInt32> = Set(
        """
        王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏
        韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿
        关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简
        """.unicodeScalars.filter { $0.value >= 0x4E00 }.map { RegionTagger.SuffixSet.code(Array(String($0).utf8), at: 0) })

    static func isSurname(_ text: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + 3 <= text.count else { return false }
        return surnames.contains(RegionTagger.SuffixSet.code(text, at: offset))
    }

    static func starts(_ text: [UInt8], at offset: Int, with word: [UInt8]) -> Bool {
        offset + word.count <= text.count && text[offset..<offset + word.count].elementsEqual(word)
    }

    static func ends(_ text: [UInt8], at offset: Int, with word: [UInt8]) -> Bool {
        offset >= word.count && text[offset - word.count..<offset].elementsEqual(word)
    }
}
