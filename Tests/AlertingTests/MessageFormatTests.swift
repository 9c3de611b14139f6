import Foundation
import Testing

@testable import Alerting

struct MessageFormatTests {
    @Test func weComSplitsAtTheByteLimitOnCharacterBoundaries() {
        let text = (0..<400).map { "第\($0)行：某地发生食品安全事件，监管部门介入调查。" }.joined(separator: "\n")
        let chunks = WeComChannel.split(text)
        #expect(chunks.count > 1)
        #expect(chunks.allSatisfy { $0.utf8.count <= WeComChannel.maxContentBytes })
        #expect(chunks.joined(separator: "\n") == text)
        let long = String(repeating: "舆", count: 3000)  // one line of 9,000 bytes
        let pieces = WeComChannel.split(long)
        #expect(pieces.count == 3 && pieces.joined() == long)
    }

    @Test func subjectsAreEncodedWordsOfAtMost75Characters() {
        let subject = MailMessage.encodedWords(MailMessage.headerSafe(String(repeating: "食品安全通报，", count: 12) + "\r\nBcc: x@evil.example"))
        let words = subject.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?="))
            let payload = word.dropFirst(10).dropLast(2)
            let decoded = String(decoding: Data(base64Encoded: String(payload)) ?? Data(), as: UTF8.self)
            #expect(!decoded.contains("\r") && !decoded.contains("\n"))
        }
        #expect(MailMessage.encodedWords("plain ascii") == "plain ascii")
        #expect(MailMessage.encodedWords("=?utf-8?Q?x?=").hasPrefix("=?utf-8?B?"), "a literal encoded-word is itself encoded")
    }

    @Test func markdownNeutralisesFeedText() {
        #expect(MessageFormat.escapeMarkdown("[点击](http://evil) **粗** # 标题\n下一行") == "［点击］（http://evil） ＊＊粗＊＊ ＃ 标题 下一行")
    }
}
