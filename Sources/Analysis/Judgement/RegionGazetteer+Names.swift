extension RegionGazetteer {
    /// Every name of every division with its strength, one `Name` per distinct text.
    static func names(for divisions: [Division], indexByCode: [Int: Int]) -> [Name] {
        var byText: [String: (divisions: [Int], strength: Strength, full: Bool)] = [:]
        func add(_ text: String, _ index: Int, _ strength: Strength, full: Bool = false) {
            guard text.count >= 2 else { return }
            var entry = byText[text] ?? ([], strength, full)
            if !entry.divisions.contains(index) { entry.divisions.append(index) }
            entry.strength = max(entry.strength, strength)
            entry.full = entry.full || full
            byText[text] = entry
        }
        var shortNames: [(String, Int, Level)] = []
        for (index, division) in divisions.enumerated() {
            add(division.name, index, genericNames.contains(division.name) ? .weak : .strong, full: true)
            for short in shortForms(of: division) where short != division.name {
                shortNames.append((short, index, division.level))
            }
        }
        // A short name is strong for provinces and prefectures; a county's is strong
        // enough alone only when no other division shares it and it is no common word.
        var sharing: [String: Int] = [:]
        for (text, _, _) in shortNames { sharing[text, default: 0] += 1 }
        for (text, entry) in byText { sharing[text, default: 0] += entry.divisions.count }
        for (text, index, level) in shortNames {
            let strength: Strength
            if commonWords.contains(text) {
                strength = .weak
            } else if level != .county {
                strength = .strong
            } else if divisions[index].kind == "市辖区" || sharing[text, default: 0] > 1 {
                strength = .weak
            } else {
                strength = .unique
            }
            add(text, index, strength)
        }
        for (alias, code) in RegionAliases.names {
            guard let index = indexByCode[code] else { continue }
            add(alias, index, .strong, full: true)
        }
        return byText.sorted { $0.key < $1.key }.map {
            Name(text: $0.key, isFullName: $0.value.full, divisions: $0.value.divisions, strength: $0.value.strength)
        }
    }

    /// The short names of a division: its name without the kind suffix and ethnic groups.
    static func shortForms(of division: Division) -> [String] {
        var name = division.name
        for suffix in suffixes where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            name.removeLast(suffix.count)
            break
        }
        let autonomous = division.name.contains("自治")
        var base = name
        if autonomous {
            base = stripEthnicGroups(base)
        }
        var forms = [base]
        if autonomous {
            switch division.level {
            case .prefecture: forms.append(base + "州")
            case .county:
                let county = division.name.hasSuffix("旗") ? "旗" : "县"
                forms.append(base + county)
                if base.count >= 3 { forms.append(String(base.prefix(2)) + county) }
            case .province: break
            }
        }
        return forms.filter { $0.count >= 2 }
    }

    /// `延边朝鲜族` → `延边`, `海西蒙古族藏族` → `海西`, `伊犁哈萨克` → `伊犁`,
    /// `双江拉祜族佤族布朗族傣族` → `双江`.
    static func stripEthnicGroups(_ name: String) -> String {
        var result = name
        var changed = true
        while changed {
            changed = false
            for group in ethnicGroups {
                for form in [group + "族", group] where result.hasSuffix(form) && result.count >= form.count + 2 {
                    result.removeLast(form.count)
                    changed = true
                }
            }
            if result.hasSuffix("各族") && result.count > 3 {
                result.removeLast(2)
                changed = true
            }
        }
        return result
    }

    static let suffixes = [
        "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
        "省", "市", "地区", "盟", "区", "县", "旗", "林区", "特区",
    ]

    static let ethnicGroups = [
        "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎",
        "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉",
        "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔",
        "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
    ]

    /// Full names that are also ordinary words of a city's description.
    static let genericNames: Set<String> = [
        "城区", "郊区", "矿区", "新区", "老城区", "新城区", "市中区", "城中区", "城东区", "城西区", "城南区", "城北区",
        "东区", "西区", "南区", "北区", "中区", "开发区", "高新区",
    ]

    /// Short names that are everyday words (朝阳 "morning sun", 安康 "well-being",
    /// 来宾 "guests"): they name the place only with a supporting place in the text.
    static let commonWords: Set<String> = [
        "朝阳", "中山", "白山", "普洱", "安宁", "永安", "和平", "大方", "东方", "合作", "阿里", "安康", "共和", "四平", "白银", "中卫",
        "玉树", "来宾", "日照", "长寿", "平安", "光明", "江北", "江南", "河东", "河西", "城中", "城关", "新华", "长安", "红旗", "东风",
        "向阳", "前进", "解放", "胜利", "金山", "宝山", "青山", "白云", "南山", "东山", "西山", "北山", "龙华", "新城", "开发", "高新",
        "北海", "山南", "海北", "黑河", "西湖", "滨江", "上城", "下城", "江干", "鼓楼", "台江", "仓山", "新市", "城西", "城东", "城南",
        "城北", "市中", "铁东", "铁西", "立新", "新兴", "兴隆", "太平", "永和", "吉利", "红山", "青河", "和田",
        "江口", "石门", "桃源", "东坡", "丰台", "海淀", "普陀", "静安", "和静", "和顺", "安远", "平和", "宁安",
        "高要", "红河", "万宁", "文昌", "临高", "丹江", "双城", "阜城", "宁国", "开平", "恩平", "凤凰", "西峰",
        // County short names that are everyday words (reviewed against jieba's dictionary).
        "资源", "比如", "南部", "武功", "平原", "友谊", "中方", "商城", "延长", "江山", "新兴", "万年", "光泽", "会同", "大名", "龙门",
        "富裕", "清水", "长子", "平定", "洞口", "故城", "石狮", "威信", "莲花", "滨海", "黄龙", "沙河", "大城", "全州", "台前", "石棉",
        "高台", "无为", "民权", "同心", "灯塔", "博爱", "方正", "新民", "富民", "惠民", "天台", "民乐", "阳春", "兴业", "康乐", "天长",
        "乐业", "温泉", "东海", "南海", "太湖", "通道", "公安", "图们", "梁山", "咸丰", "云霄", "天柱", "文成", "左权", "建平", "安居",
        "赤壁", "金沙", "宁远", "安福", "永福", "大竹", "光山", "五常", "明光", "界首", "进贤", "原平", "上高", "交口", "林口", "新化",
        "大丰", "正定", "兴国", "宣化", "港口", "古城", "河口", "新建", "南岸", "三元", "小店", "丰满", "天山", "泰山", "三门", "九龙",
    ]
}
