/// Ordinary words and company names that hold a place's name: inside them the name is no
/// place. 大理石 is marble, not Dali; 未开封 is "unopened", not Kaifeng; 周年大庆 is an
/// anniversary's celebration, not Daqing; 宁德时代 is a battery maker, not Ningde.
///
/// For each gazetteer name, the text that must stand right before and right after it for
/// the name to be such a word; checked for every place name found, so in bytes.
struct OrdinaryWords: Sendable {
    /// Words that hold a place's name (wherever it stands in them).
    static let standard = [
        // Begin with the name
        "大理石", "黄石公园", "大同小异", "长治久安",
        // 开封 "to unseal", on food and medicine (not 开封后 alone: 抵达开封后 is Kaifeng)
        "未开封", "已开封", "不开封", "开封即", "开封后应", "开封后请", "开封后需", "开封后尽快", "开封后与", "开封后易",
        // 扬中 across 弘扬/发扬/宣扬/表扬 and 中华/中国/…
        "弘扬中", "发扬中", "宣扬中", "表扬中",
        // 大庆 "a grand celebration" (七十大庆), and 盛大 before 庆典/庆祝/庆贺/庆功, read
        // across the words' edge (not 大庆典…: 大庆典型经验 is Daqing's)
        "周年大庆", "百年大庆", "十大庆", "岁大庆", "华诞大庆", "盛大庆典", "盛大庆祝", "盛大庆贺", "盛大庆功",
        // Idioms: 孝感动天 "filial piety moves heaven", 万古长春 "evergreen", 夸下海口 "to boast"
        "孝感动天", "万古长春", "四季长春", "夸下海口", "夸海口",
        // 德州 is also Texas (德州扑克 and 德州州长 are caught as a name's suffixes)
        "美国德州", "德州仪器",
        // Places abroad: Hokkaido, Nevada, Florida, France (兰西 is a county), Toronto, Kuala
        // Lumpur, Ulaanbaatar, the Andamans, Southampton, and Hamilton, the Shinkansen and
        // the British Empire
        "北海道", "内华达州", "佛罗里达州", "法兰西", "多伦多", "吉隆坡", "乌兰巴托", "安达曼", "南安普顿", "南安普敦",
        "哈密尔顿", "新干线", "大英帝国",
        // Everyday words, names and brands that begin with a county's or city's name (found by
        // reading jieba's dictionary for them): sandwich, slush fund, chronic, magnolia (and
        // the 白玉兰 awards), cloisonné, poplar, Huangmei opera, Maitreya, a pharmacy brand, a
        // marshal, Beijing's gates and the Forbidden City's hall; 开通海运 "open a sea route"
        "三明治", "小金库", "久治不愈", "白玉兰", "景泰蓝", "白杨树", "黄梅戏", "弥勒佛", "同仁堂", "聂荣臻",
        "正阳门", "东安门", "广安门", "太和殿", "通海运",
        // Places elsewhere than the city they name: 五台山 lies in Shanxi, not Taishan; 周口店
        // in Beijing; 昆明湖 in the Summer Palace; 中南海 and 中山公园, 中山陵 (Nanjing),
        // and the man 孙中山
        "五台山", "周口店", "昆明湖", "中南海", "中山公园", "中山陵", "中山装", "孙中山", "北海舰队",
        // Common words across a name: 示范县 holds the county 范县, 出海口 the city 海口,
        // 铁路桥 the district 路桥; 阿里巴巴 is a company
        "示范县", "模范县", "规范县", "防范县", "出海口", "入海口", "公路桥", "铁路桥", "阿里巴巴",
        // Launch centres named after a city they are not in (Ejina Banner, Inner Mongolia;
        // Kelan county, Xinzhou)
        "酒泉卫星发射中心", "太原卫星发射中心",
        // A listed company named after its home city: news of it is not news of the city
        // (not 青岛啤酒 or 贵州茅台: 青岛啤酒节 is held in Qingdao, 贵州茅台镇 lies in Guizhou)
        "宁德时代",
    ]

    struct Context: Sendable {
        var before: [UInt8]
        var after: [UInt8]
    }

    /// By index into the gazetteer's names.
    private let contexts: [Int: [Context]]

    init(names: [RegionGazetteer.Name], words: [String] = Self.standard) {
        let indexByText = Dictionary(names.enumerated().map { ($1.text, $0) }, uniquingKeysWith: { first, _ in first })
        var contexts: [Int: [Context]] = [:]
        for word in words {
            let characters = Array(word)
            // Every part of the word of two or more characters (not the whole word) that is a name.
            for start in characters.indices {
                for end in stride(from: start + 2, through: characters.count, by: 1) where end - start < characters.count {
                    guard let name = indexByText[String(characters[start..<end])] else { continue }
                    let context = Context(before: Array(String(characters[..<start]).utf8), after: Array(String(characters[end...]).utf8))
                    contexts[name, default: []].append(context)
                }
            }
        }
        // 县域 and 区域 are words: in 创新县域治理 and 振兴县域经济 the counties 新县 and
        // 兴县 are not named, nor the district 西区 in 西区域.
        for (index, name) in names.enumerated() where name.isFullName && name.text.count == 2 {
            if name.text.hasSuffix("县") || name.text.hasSuffix("区") {
                contexts[index, default: []].append(Context(before: [], after: Array("域".utf8)))
            }
        }
        self.contexts = contexts
    }

    /// True when the name `name` at `start..<end` of `text` lies inside one of the words.
    func contain(name: Int, in text: [UInt8], start: Int, end: Int) -> Bool {
        guard let candidates = contexts[name] else { return false }
        for context in candidates {
            let from = start - context.before.count, to = end + context.after.count
            guard from >= 0, to <= text.count else { continue }
            if text[from..<start].elementsEqual(context.before) && text[end..<to].elementsEqual(context.after) { return true }
        }
        return false
    }
}
