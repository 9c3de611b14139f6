import Alerting

/// The body of a WordprocessingML document as it is written: paragraphs, tables, inline
/// images and external hyperlinks, with the relationships and media parts they need.
/// Every text goes through `SafeText.xml`, so feed text can neither break the XML nor
/// carry controls Word refuses.
struct DocxBody {
    private(set) var xml = ""
    /// (relationship id, target, is external hyperlink)
    private(set) var relationships: [(id: String, type: String, target: String, external: Bool)] = []
    /// (part name under word/, bytes)
    private(set) var media: [(name: String, bytes: [UInt8])] = []
    private var drawingCount = 0

    static let hyperlinkType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
    static let imageType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

    /// A run of text; `bold`, `size` in half-points, `grey` for muted text.
    static func run(_ text: String, bold: Bool = false, size: Int? = nil, grey: Bool = false, style: String? = nil) -> String {
        var properties = ""
        if let style { properties += "<w:rStyle w:val=\"\(style)\"/>" }
        if bold { properties += "<w:b/><w:bCs/>" }
        if grey { properties += "<w:color w:val=\"555555\"/>" }
        if let size { properties += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
        let rPr = properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>"
        return "<w:r>\(rPr)<w:t xml:space=\"preserve\">\(SafeText.xml(text))</w:t></w:r>"
    }

    mutating func paragraph(_ runs: String, style: String? = nil, keepNext: Bool = false, alignment: String? = nil) {
        var properties = ""
        if let style { properties += "<w:pStyle w:val=\"\(style)\"/>" }
        if keepNext { properties += "<w:keepNext/>" }
        if let alignment { properties += "<w:jc w:val=\"\(alignment)\"/>" }
        xml += "<w:p>" + (properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>") + runs + "</w:p>\n"
    }

    /// A hyperlink to an http(s) URL, or plain text when the URL is not one.
    mutating func link(_ text: String, to url: String?, bold: Bool = false) -> String {
        guard let url = SafeText.link(url) else { return Self.run(text, bold: bold) }
        let id = "rIdLink\(relationships.count + 1)"
        relationships.append((id, Self.hyperlinkType, url, true))
        return "<w:hyperlink r:id=\"\(id)\">" + Self.run(text, bold: bold, style: "Hyperlink") + "</w:hyperlink>"
    }

    /// A table over the text width; `numeric` columns are right-aligned; the header row
    /// repeats on every page.
    mutating func table(header: [String], numeric: [Bool], rows: [[String]]) {
        let width = 9638 / max(1, header.count)
        xml += "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>"
        for edge in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            xml += "<w:\(edge) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"999999\"/>"
        }
        xml += "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
        xml += String(repeating: "<w:gridCol w:w=\"\(width)\"/>", count: header.count) + "</w:tblGrid>\n"
        xml += "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
        for (index, name) in header.enumerated() {
            xml += cell(Self.run(name, bold: true), shaded: true, right: numeric[index])
        }
        xml += "</w:tr>\n"
        for row in rows {
            xml += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for (index, runs) in row.enumerated() { xml += cell(runs, shaded: false, right: index < numeric.count && numeric[index]) }
            xml += "</w:tr>\n"
        }
        xml += "</w:tbl>\n"
        paragraph("")
    }

    private func cell(_ runs: String, shaded: Bool, right: Bool) -> String {
        let shading = shaded ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEEEEE\"/>" : ""
        let alignment = right ? "<w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/><w:jc w:val=\"right\"/></w:pPr>" : "<w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr>"
        return "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/>\(shading)</w:tcPr><w:p>\(alignment)\(runs)</w:p></w:tc>"
    }

    /// An inline PNG `widthPixels` × `heightPixels` at 96 dpi, described by `description`.
    mutating func image(_ png: [UInt8], widthPixels: Int, heightPixels: Int, description: String) {
        drawingCount += 1
        let name = "media/chart\(drawingCount).png"
        let id = "rIdImage\(drawingCount)"
        media.append((name, png))
        relationships.append((id, Self.imageType, name, false))
        let cx = widthPixels * 9525, cy = heightPixels * 9525
        let drawing = """
            <w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="\(cx)" cy="\(cy)"/>\
            <wp:docPr id="\(drawingCount)" name="chart\(drawingCount)" descr="\(SafeText.xml(description))"/>\
            <wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>\
            <a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">\
            <pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="\(drawingCount)" name="chart\(drawingCount).png"/><pic:cNvPicPr/></pic:nvPicPr>\
            <pic:blipFill><a:blip r:embed="\(id)"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
            <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(cx)" cy="\(cy)"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
            </a:graphicData></a:graphic></wp:inline></w:drawing></w:r>
            """
        paragraph(drawing, keepNext: true)
    }
}
