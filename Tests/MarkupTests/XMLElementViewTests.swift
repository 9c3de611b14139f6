import Foundation
import Testing

@testable import Markup

/// The in-place views the feed parsers read libxml2's tree through.
struct XMLElementViewTests {
    static let document = """
        <?xml version="1.0"?>
        <!DOCTYPE rss [<!ENTITY org "国务院">]>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:x="urn:yuqing:test-unregistered">
        <channel>
        <title>通知 &org; 发布</title>
        <dc:title>dc 标题</dc:title>
        <x:title>other</x:title>
        <item xml:lang="zh-CN"><title><![CDATA[<b>一</b>]]></title><description>文<i>字</i>末</description></item>
        <item><title>二</title></item>
        </channel>
        </rss>
        """

    @Test func looksUpChildrenByNameAndNamespaceSet() throws {
        let noNamespace = XMLNamespaceSet(registering: [nil])
        MarkupParser.withXMLDocument(Self.document) { document in
            guard let root = document.root, let channel = root.child("channel") else {
                Issue.record("no channel")
                return
            }
            #expect(root.hasName("rss") && !root.hasName("rs"))
            #expect(root.attribute("version") == "2.0")
            #expect(channel.child("title", in: noNamespace)?.text == "通知 国务院 发布", "internal entity expanded")
            #expect(channel.children("title").count == 3)
            #expect(channel.children("item", in: noNamespace).count == 2)
            let item = channel.child("item")
            #expect(item?.attribute("lang", namespace: XMLAttribute.xmlNamespace) == "zh-CN")
            #expect(item?.child("title")?.text == "<b>一</b>")
            #expect(item?.child("description")?.text == "文字末")
            #expect(item?.child("description")?.hasElements == true)
            #expect(item?.child("title")?.hasElements == false)
            #expect(document.wellFormed)
        }
    }

    @Test func oneLetterNamesAndAttributes() {
        MarkupParser.withXMLDocument("<r><a b=\"1\">x</a><é>y</é></r>") { document in
            #expect(document.root?.child("a")?.attribute("b") == "1")
            #expect(document.root?.child("é")?.text == "y")
            #expect(document.root?.child("b") == nil)
        }
    }

    @Test func namespaceSetsRegisteredAfterTheDocumentSawTheURIStillMatch() {
        let unregistered = "urn:yuqing:test-late-\(UUID().uuidString)"
        let text = "<r xmlns:l=\"\(unregistered)\"><l:a>1</l:a><b>2</b></r>"
        MarkupParser.withXMLDocument(text) { document in
            let root = document.root
            // The document resolves the namespace before any set knows it.
            #expect(root?.child("a", in: XMLNamespaceSet([unregistered]))?.text == "1")
            let late = XMLNamespaceSet(registering: [unregistered])
            #expect(root?.child("a", in: late)?.text == "1")
            #expect(root?.child("a", in: XMLNamespaceSet(registering: [nil])) == nil)
            #expect(root?.child("b", in: XMLNamespaceSet(registering: [nil]).inserting(unregistered))?.text == "2")
        }
    }

    @Test func forEachChildAndConversionAgreeWithTheOwnedTree() throws {
        let owned = try #require(MarkupParser.parseXML(Self.document).root)
        MarkupParser.withXMLDocument(Self.document) { document in
            #expect(document.root?.converted() == owned)
            var texts: [String] = []
            var names: [String] = []
            document.root?.child("channel")?.child("item")?.child("description")?.forEachChild { child in
                switch child {
                case .text(let text): texts.append(text)
                case .element(let element): names.append(element.name)
                }
            }
            #expect(texts == ["文", "末"])
            #expect(names == ["i"])
        }
    }

    @Test func entityExpansionOverTheBudgetMakesTheDocumentIllFormed() {
        // Linear, not nested, so that libxml2's own loop check lets it through: 110
        // references to a 10,000-character entity are 1.1 M characters, over the budget.
        let entity = String(repeating: "舆", count: 10_000)
        let text = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY big \"\(entity)\">]><r>"
            + String(repeating: "&big;", count: 110) + "</r>"
        MarkupParser.withXMLDocument(text) { document in
            #expect(document.wellFormed, "\(document.errors)")
            let expanded = document.root?.text ?? ""
            #expect(expanded.unicodeScalars.count < 110 * 10_000)
            #expect(!document.wellFormed)
            #expect(document.errors.contains { $0.contains("entity expansion exceeded") }, "\(document.errors)")
        }
    }
}
