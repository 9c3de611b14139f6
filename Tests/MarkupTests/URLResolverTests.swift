import Markup
import Testing

struct URLResolverTests {
    static let base = "http://a/b/c/d;p?q"

    /// RFC 3986 §5.4.1 and §5.4.2, every example.
    @Test(arguments: [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"),
        (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"), ("g;x?y#s", "http://a/b/c/g;x?y#s"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"),
        ("../", "http://a/b/"), ("../g", "http://a/b/g"), ("../..", "http://a/"), ("../../", "http://a/"),
        ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"), ("../../../../g", "http://a/g"), ("/./g", "http://a/g"), ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."), ("..g", "http://a/b/c/..g"),
        ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"), ("g?y/./x", "http://a/b/c/g?y/./x"),
        ("g?y/../x", "http://a/b/c/g?y/../x"), ("g#s/./x", "http://a/b/c/g#s/./x"), ("g#s/../x", "http://a/b/c/g#s/../x"),
        ("http:g", "http:g"),
    ])
    func rfc3986Examples(reference: String, expected: String) {
        #expect(URLResolver.resolve(reference, against: Self.base) == expected)
    }

    @Test(arguments: [
        ("/新闻/1.html", "http://www.example.cn/index.html", "http://www.example.cn/新闻/1.html"),
        ("feed", "http://www.詹姆斯.com/", "http://www.詹姆斯.com/feed"),
        ("a.html", "http://example.cn", "http://example.cn/a.html"),
        ("../x", "https://example.cn/a/b/", "https://example.cn/a/x"),
    ])
    func irisAndBaseShapes(reference: String, base: String, expected: String) {
        #expect(URLResolver.resolve(reference, against: base) == expected)
    }

    @Test func aBaseWithoutASchemeResolvesNothing() {
        #expect(URLResolver.resolve("a.html", against: "/relative/base") == nil)
    }
}
