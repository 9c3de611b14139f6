/// The fingerprints an item is recognised by: its whole story text (title and the start of
/// the summary), and apart from it the summary's lede and the title. A re-post that edits
/// the headline (a word added, dropped or replaced) keeps the lede; a lede match counts
/// only when the titles still share most character pairs (`TitleSignature`), so sites
/// that give every item the same boilerplate summary do not merge their news.
public struct StoryFingerprints: Sendable, Equatable {
    /// `SimHash.fingerprint(title:summary:)`: what records store and most matches use.
    public var combined: UInt64
    /// The cleaned summary's, when it is long enough to tell stories apart (≥ 16
    /// characters; a lede match is verified by the title as well).
    public var lede: UInt64?
    /// The cleaned title's `TitleSignature`, when it has at least four characters.
    public var title: UInt64?
    /// A hash of the numbers in the cleaned title and lede, in order: two notices that
    /// differ only in a number (第3号 and 第4号 通报, 3人 and 5人受伤) are different events.
    public var numbers: UInt32

    static let minimumLede = 16

    public init(title: String, summary: String) {
        // The story text is the cleaned title followed by the cleaned lede: clean each once.
        let cleanedTitle = SimHash.storyText(title: title, summary: "")
        let cleanedLede = SimHash.storyText(title: "", summary: summary)
        combined = SimHash.fingerprint(cleanedTitle + cleanedLede)
        numbers = Self.numbers(in: cleanedTitle + cleanedLede)
        self.title = cleanedTitle.unicodeScalars.count >= 4 ? TitleSignature.of(cleanedTitle) : nil
        // A summary that only repeats the title says nothing more.
        lede = cleanedLede.unicodeScalars.count >= Self.minimumLede && !cleanedLede.hasPrefix(cleanedTitle) ? SimHash.fingerprint(cleanedLede) : nil
    }

    /// FNV-1a over the digit runs of `text`, each ended by a separator; 0 without digits.
    static func numbers(in text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        var any = false, inRun = false
        for byte in text.utf8 {
            let digit = byte >= 0x30 && byte <= 0x39
            if digit {
                hash = (hash ^ UInt32(byte)) &* 0x0100_0193
                any = true
            } else if inRun {
                hash = (hash ^ 0x2C) &* 0x0100_0193
            }
            inRun = digit
        }
        return any ? hash : 0
    }
}
