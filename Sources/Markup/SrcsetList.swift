/// An `srcset` value as HTML reads it: image candidates, each a URL and an optional
/// descriptor (`2x`, `640w`), separated by commas — where a URL may itself hold commas
/// (`a.jpg?w=1,2 2x`). Following the HTML standard's parsing of srcset attributes.
struct SrcsetList: Equatable {
    struct Candidate: Equatable {
        var url: String
        var descriptor: String
    }

    var candidates: [Candidate]

    init(_ value: String) {
        let scalars = Array(value.unicodeScalars)
        var index = 0
        var candidates: [Candidate] = []
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" }
        while index < scalars.count {
            while index < scalars.count, isSpace(scalars[index]) || scalars[index] == "," { index += 1 }
            guard index < scalars.count else { break }
            let urlStart = index
            while index < scalars.count, !isSpace(scalars[index]) { index += 1 }
            var url = String(String.UnicodeScalarView(scalars[urlStart..<index]))
            var descriptor = ""
            if url.hasSuffix(",") {
                // A URL ending in commas has no descriptors.
                while url.hasSuffix(",") { url.removeLast() }
            } else {
                // Descriptors run to the next comma outside parentheses.
                var depth = 0
                let start = index
                while index < scalars.count {
                    let scalar = scalars[index]
                    if scalar == "(" { depth += 1 } else if scalar == ")" { depth = max(0, depth - 1) } else if scalar == ",", depth == 0 { break }
                    index += 1
                }
                descriptor = String(String.UnicodeScalarView(scalars[start..<index])).trimmingCharacters(in: .whitespacesAndNewlines)
                if index < scalars.count { index += 1 }
            }
            if !url.isEmpty { candidates.append(Candidate(url: url, descriptor: descriptor)) }
        }
        self.candidates = candidates
    }

    /// `url descriptor, url descriptor`.
    var value: String {
        candidates.map { $0.descriptor.isEmpty ? $0.url : $0.url + " " + $0.descriptor }.joined(separator: ", ")
    }
}
