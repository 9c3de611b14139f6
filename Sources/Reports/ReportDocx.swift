import Foundation
import ZIPFoundation

/// A report as a Word file (Office Open XML, .docx) written by yuqing: A4, headings,
/// tables with repeating header rows, the charts as PNG images, links to http(s) sources.
public struct ReportDocx: Sendable {
    public var outline: ReportOutline
    public var created: Date

    public init(_ outline: ReportOutline, created: Date) {
        self.outline = outline
        self.created = created
    }

    /// Writes the file to `path` (through a temporary file beside it, renamed into place).
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        try? FileManager.default.removeItem(at: temporary)
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for (name, bytes) in parts() {
                let data = Data(bytes)
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: created, compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(at: temporary, to: url)
    }

    /// Every part of the package, by name, in the order Word expects (content types first).
    func parts() -> [(String, [UInt8])] {
        let body = body()
        var list: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array(DocxParts.contentTypes.utf8)),
            ("_rels/.rels", Array(DocxParts.packageRelationships.utf8)),
            ("docProps/core.xml", Array(DocxParts.core(title: outline.title, created: created).utf8)),
            ("docProps/app.xml", Array(DocxParts.app.utf8)),
            ("word/styles.xml", Array(DocxParts.styles.utf8)),
            ("word/settings.xml", Array(DocxParts.settings.utf8)),
            ("word/document.xml", Array(DocxParts.document(body: body.xml).utf8)),
            ("word/_rels/document.xml.rels", Array(DocxParts.documentRelationships(body.relationships).utf8)),
        ]
        for (name, bytes) in body.media { list.append(("word/" + name, bytes)) }
        return list
    }

    func body() -> DocxBody {
        var body = DocxBody()
        body.paragraph(DocxBody.run(outline.title), style: "Title", alignment: "center")
        for line in outline.subtitle { body.paragraph(DocxBody.run(line, grey: true), alignment: "center") }
        for section in outline.sections {
            body.paragraph(DocxBody.run(section.title), style: "Heading1", keepNext: true)
            for block in section.blocks { add(block, to: &body) }
        }
        body.paragraph(DocxBody.run(outline.footer, size: 18, grey: true))
        return body
    }

    private func add(_ block: ReportOutline.Block, to body: inout DocxBody) {
        switch block {
        case .paragraph(let text):
            body.paragraph(DocxBody.run(text))
        case .figures(let figures):
            body.table(header: figures.map(\.label), numeric: figures.map { _ in false },
                       rows: [figures.map { DocxBody.run($0.value, bold: true, size: 32) }, figures.map { DocxBody.run($0.note, size: 18, grey: true) }])
        case .table(let header, let rows):
            guard !rows.isEmpty else { return body.paragraph(DocxBody.run("无", grey: true)) }
            let numeric = header.map { $0.hasSuffix("#") }
            let names = header.map { $0.hasSuffix("#") ? String($0.dropLast()) : $0 }
            let cells = rows.map { row in row.map { cell in body.link(cell.text, to: cell.link, bold: cell.strong) } }
            body.table(header: names, numeric: numeric, rows: cells)
        case .chart(let title, let chart):
            body.paragraph(DocxBody.run(title), style: "Heading3", keepNext: true)
            body.image(chart.png(), widthPixels: chart.width, heightPixels: chart.height, description: chart.caption)
            body.paragraph(DocxBody.run(chart.caption + "；" + chart.rangeCaption, size: 18, grey: true))
        case .story(let title, let details, let path):
            body.paragraph(body.link(title.text, to: title.link, bold: true), style: "Heading3", keepNext: true)
            body.paragraph(DocxBody.run(details, grey: true), keepNext: true)
            body.paragraph(DocxBody.run(path, size: 20))
        }
    }
}
