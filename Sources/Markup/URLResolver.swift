/// RFC 3986 §5.2 reference resolution on UTF-8 bytes, so that IRIs (`http://www.詹姆斯.com/`,
/// `/新闻/1.html`) are resolved without being percent-encoded or rejected, as Foundation's
/// URL would, and so that a sanitiser resolving every link of a summary stays cheap: the
/// base is split once (`Base`) and each reference costs one pass.
public enum URLResolver {
    /// The five components of a reference, as ranges of its bytes.
    struct Parts {
        var scheme: Range<Int>?
        var authority: Range<Int>?
        var path: Range<Int>
        var query: Range<Int>?
        var fragment: Range<Int>?

        init<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) where Bytes.Index == Int {
            var end = bytes.endIndex
            if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) {
                fragment = (hash + 1)..<end
                end = hash
            }
            if let question = bytes[..<end].firstIndex(of: UInt8(ascii: "?")) {
                query = (question + 1)..<end
                end = question
            }
            var start = bytes.startIndex
            if start < end, Self.isLetter(bytes[start]) {
                var index = start + 1
                while index < end, Self.isSchemeByte(bytes[index]) { index += 1 }
                if index < end, bytes[index] == UInt8(ascii: ":") {
                    scheme = start..<index
                    start = index + 1
                }
            }
            if end - start >= 2, bytes[start] == UInt8(ascii: "/"), bytes[start + 1] == UInt8(ascii: "/") {
                let hostStart = start + 2
                let hostEnd = bytes[hostStart..<end].firstIndex(of: UInt8(ascii: "/")) ?? end
                authority = hostStart..<hostEnd
                start = hostEnd
            }
            path = start..<end
        }

        static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

        static func isSchemeByte(_ byte: UInt8) -> Bool {
            isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
        }
    }

    /// An absolute base URL, split once for many references.
    public struct Base {
        let bytes: [UInt8]
        let parts: Parts

        /// Nil when `text` has no scheme (it cannot serve as a base).
        public init?(_ text: String) {
            bytes = Array(text.utf8)
            parts = Parts(bytes)
            guard parts.scheme != nil else { return nil }
        }

        /// `reference` resolved against this base, appended to `output`.
        func resolve(_ reference: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
            let r = Parts(reference)
            if let scheme = r.scheme {
                output.append(contentsOf: reference[scheme])
                output.append(UInt8(ascii: ":"))
                if let authority = r.authority { appendAuthority(reference[authority], to: &output) }
                URLResolver.appendRemovingDotSegments(reference[r.path], to: &output)
            } else {
                output.append(contentsOf: bytes[parts.scheme ?? 0..<0])
                output.append(UInt8(ascii: ":"))
                if let authority = r.authority {
                    appendAuthority(reference[authority], to: &output)
                    URLResolver.appendRemovingDotSegments(reference[r.path], to: &output)
                } else {
                    if let authority = parts.authority { appendAuthority(bytes[authority], to: &output) }
                    if r.path.isEmpty {
                        output.append(contentsOf: bytes[parts.path])
                        if r.query == nil, let query = parts.query {
                            output.append(UInt8(ascii: "?"))
                            output.append(contentsOf: bytes[query])
                        }
                    } else if reference[r.path.lowerBound] == UInt8(ascii: "/") {
                        URLResolver.appendRemovingDotSegments(reference[r.path], to: &output)
                    } else {
                        var merged: [UInt8] = []
                        if parts.authority != nil && parts.path.isEmpty {
                            merged.append(UInt8(ascii: "/"))
                        } else if let slash = bytes[parts.path].lastIndex(of: UInt8(ascii: "/")) {
                            merged.append(contentsOf: bytes[parts.path.lowerBound...slash])
                        }
                        merged.append(contentsOf: reference[r.path])
                        URLResolver.appendRemovingDotSegments(merged[...], to: &output)
                    }
                }
            }
            if let query = r.query {
                output.append(UInt8(ascii: "?"))
                output.append(contentsOf: reference[query])
            }
            if let fragment = r.fragment {
                output.append(UInt8(ascii: "#"))
                output.append(contentsOf: reference[fragment])
            }
        }

        private func appendAuthority<Bytes: Collection<UInt8>>(_ authority: Bytes, to output: inout [UInt8]) {
            output.append(UInt8(ascii: "/"))
            output.append(UInt8(ascii: "/"))
            output.append(contentsOf: authority)
        }
    }

    /// `reference` resolved against the absolute `base`; nil when `base` has no scheme.
    public static func resolve(_ reference: String, against base: String) -> String? {
        guard let base = Base(base) else { return nil }
        var output: [UInt8] = []
        var reference = reference
        reference.withUTF8 { base.resolve($0, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 3986 §5.2.4, appending the result.
    static func appendRemovingDotSegments<Bytes: RandomAccessCollection<UInt8>>(_ path: Bytes, to output: inout [UInt8])
    where Bytes.Index == Int {
        guard path.contains(UInt8(ascii: ".")) else {
            output.append(contentsOf: path)
            return
        }
        let floor = output.count
        func dropLastSegment() {
            while output.count > floor, output.removeLast() != UInt8(ascii: "/") {}
        }
        var index = path.startIndex
        let end = path.endIndex
        func at(_ offset: Int) -> UInt8? { index + offset < end ? path[index + offset] : nil }
        let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        while index < end {
            if at(0) == dot, at(1) == dot, at(2) == slash { index += 3 }  // "../"
            else if at(0) == dot, at(1) == slash { index += 2 }  // "./"
            else if at(0) == slash, at(1) == dot, at(2) == slash { index += 2 }  // "/./" → "/"
            else if at(0) == slash, at(1) == dot, at(2) == nil { index += 1; output.append(slash); index = end }  // "/."
            else if at(0) == slash, at(1) == dot, at(2) == dot, at(3) == slash || at(3) == nil {  // "/../" or "/.."
                dropLastSegment()
                if at(3) == nil { output.append(slash); index = end } else { index += 3 }
            } else if at(0) == dot, at(1) == nil || (at(1) == dot && at(2) == nil) {  // "." or ".."
                index = end
            } else {
                output.append(path[index])
                index += 1
                while index < end, path[index] != slash {
                    output.append(path[index])
                    index += 1
                }
            }
        }
    }
}
