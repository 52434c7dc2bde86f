import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// The JSON Schema of ``ReportJSON``'s output, generated from the template definitions so that
/// the documented table keys can never drift from the parser's. Committed as schema/report.schema.json.
public enum ReportSchema {
    /// The schema, `formats` being the input formats a report's `source.format` may name.
    public static func value(formats: [InputFormat]) -> JSONValue {
        let nullableNumber: JSONValue = .object([("type", .array([.string("number"), .string("null")]))])
        let nullableString: JSONValue = .object([("type", .array([.string("string"), .string("null")]))])
        let location: JSONValue = .object([
            ("type", .string("object")),
            ("properties", .object([
                ("page", .object([("type", .string("integer"))])), ("line", .object([("type", .string("integer"))])),
                ("box", .object([
                    ("description", .string("x0, y0, x1, y1 in points from the page's top left (PDF)")), ("type", .string("array")),
                    ("items", .object([("type", .string("number"))])), ("minItems", .number(4)), ("maxItems", .number(4)),
                ])),
            ])),
            ("additionalProperties", .bool(false)),
        ])
        func object(_ properties: [(String, JSONValue)], required: [String]? = nil, description: String? = nil) -> JSONValue {
            var members: [(String, JSONValue)] = []
            if let description { members.append(("description", .string(description))) }
            members.append(("type", .string("object")))
            members.append(("properties", .object(properties)))
            members.append(("required", .array((required ?? properties.map(\.0)).map(JSONValue.string))))
            members.append(("additionalProperties", .bool(false)))
            return .object(members)
        }
        func enumeration(_ values: [String]) -> JSONValue { .object([("enum", .array(values.map(JSONValue.string)))]) }
        /// A list of text blocks (``SectionBlock``).
        func blocks(description: String) -> JSONValue {
            .object([
                ("description", .string(description)), ("type", .string("array")),
                ("items", object([
                    ("kind", enumeration(SectionBlock.Kind.allCases.map(\.rawValue))), ("text", .object([("type", .string("string"))])),
                ])),
            ])
        }

        /// Every cell key of a table in either template, nested. Rows of the applications and
        /// review tables refer to one definition of their columns (`rowDef` + "Values"/"Sources").
        func tableSchema(_ id: TableID, leaf: String, description: String) -> JSONValue {
            var keys: [[String]] = []
            for version in TemplateVersion.allCases {
                for cell in ReportTemplate.of(version).table(id).rows.flatMap({ $0.cells(in: id) }) {
                    let path = Array(cell.segments.dropFirst(2))
                    if !keys.contains(path) { keys.append(path) }
                }
            }
            let rowDefinition: String? = id == .activeDisclosure ? nil : "\(id.rawValue)Row\(leaf)"
            func build(_ prefix: [String], _ keys: [[String]]) -> JSONValue {
                var children: [(String, [[String]])] = []
                for key in keys {
                    let head = key[prefix.count]
                    if let i = children.firstIndex(where: { $0.0 == head }) { children[i].1.append(key) } else { children.append((head, [key])) }
                }
                if let rowDefinition, children.allSatisfy({ $0.1.count == 1 && $0.1[0].count == prefix.count + 1 }) {
                    return .object([("$ref", .string("#/$defs/\(rowDefinition)"))])
                }
                let properties = children.map { (name, group) -> (String, JSONValue) in
                    group.count == 1 && group[0].count == prefix.count + 1
                        ? (name, .object([("$ref", .string("#/$defs/\(leaf)"))])) : (name, build(prefix + [name], group))
                }
                return object(properties, required: [])
            }
            var schema = build([], keys)
            if case var .object(members) = schema {
                members.insert(("description", .string(description)), at: 0)
                schema = .object(members)
            }
            return schema
        }
        func rowDefinitions(_ id: TableID, leaf: String) -> (String, JSONValue) {
            var columns: [ColumnSpec] = []
            for template in ReportTemplate.all {
                for column in template.table(id).rows.flatMap(\.columns) where !columns.contains(column) { columns.append(column) }
            }
            return ("\(id.rawValue)Row\(leaf)", object(columns.map { ($0.key, .object([("$ref", .string("#/$defs/\(leaf)"))])) }, required: []))
        }

        let ocr = object(
            [
                ("reading", enumeration(OCRProvenance.Reading.allCases.map(\.rawValue))),
                ("confidence", .object([("type", .string("integer")), ("minimum", .number(0)), ("maximum", .number(100))])),
            ], required: ["reading", "confidence"])
        let cellSource = object(
            [("text", nullableString), ("note", .object([("type", .string("string"))])), ("location", location), ("ocr", ocr)],
            required: ["text"])
        let tableDescriptions: [TableID: String] = [
            .activeDisclosure: "Section 二 (第二十条 items). Keys of the report's template are present; 2019-only keys appear for 2019 reports.",
            .applications: "Section 三: ROW.COLUMN. otherHandling.total appears when the report prints （六）其他处理 as one row.",
            .reviewLitigation: "Section 四: GROUP.COLUMN.",
        ]
        return .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://nianbao.invalid/schema/report.schema.json")),
            ("title", .string("nianbao annual report")),
            ("description", .string("Output of `nianbao convert --to json`, schemaVersion \(ReportJSON.schemaVersion). Generated by `nianbao schema`.")),
            ("type", .string("object")),
            ("properties", .object([
                ("schemaVersion", .object([("const", .number(Double(ReportJSON.schemaVersion)))])),
                ("source", object([
                    ("file", .object([("type", .string("string"))])), ("format", enumeration(formats.map(\.rawValue))),
                    ("sha256", .object([("type", .string("string")), ("pattern", .string("^[0-9a-f]{64}$"))])),
                ])),
                ("report", object([
                    ("title", nullableString), ("agency", nullableString),
                    ("year", .object([("type", .array([.string("integer"), .string("null")]))])),
                    ("publishedOn", .object([("type", .array([.string("string"), .string("null")])), ("pattern", .string("^\\d{4}-\\d{2}-\\d{2}$"))])),
                    ("template", enumeration(TemplateVersion.allCases.map(\.rawValue))),
                ])),
                ("preamble", blocks(description: "The text between the title and the first section (本报告由…编制…联系), in order.")),
                ("sections", .object([
                    ("type", .string("array")),
                    ("items", object([
                        ("number", .object([("type", .string("integer")), ("minimum", .number(1)), ("maximum", .number(6))])),
                        ("title", .object([("type", .string("string"))])),
                        ("blocks", blocks(description: "Subheadings, paragraphs, and notes printed under the section's table (注：…), in order.")),
                    ])),
                ])),
                ("closing", blocks(description: "After the last section's own text: the signature (the body, the date) and the 附件 lines, in order.")),
                ("tables", object(TableID.allCases.map { ($0.rawValue, tableSchema($0, leaf: "Values", description: tableDescriptions[$0]!)) },
                    description: "Every leaf is a number or null (blank, dashed or unreadable in the source).")),
                ("cellSources", object(TableID.allCases.map { ($0.rawValue, tableSchema($0, leaf: "Sources", description: "Raw text, remark and location of each cell found.")) },
                    description: "Parallel to tables: the printed text of each cell that was found.")),
                ("checks", .object([
                    ("type", .string("array")),
                    ("items", object([
                        ("rule", enumeration(CheckRule.allCases.map(\.rawValue))),
                        ("table", enumeration(TableID.allCases.map(\.rawValue))), ("place", .object([("type", .string("string"))])),
                        ("statement", .object([("type", .string("string"))])), ("status", enumeration(["pass", "fail", "notEvaluated"])),
                        ("expected", nullableNumber), ("actual", nullableNumber),
                        ("cells", .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])),
                        ("reason", .object([("type", .string("string"))])),
                    ], required: ["rule", "table", "place", "statement", "status", "expected", "actual", "cells"])),
                ])),
                ("diagnostics", .object([
                    ("type", .string("array")),
                    ("items", object([
                        ("severity", enumeration(["info", "warning", "error"])), ("code", enumeration(DiagnosticCode.allCases.map(\.rawValue))),
                        ("message", .object([("type", .string("string"))])),
                        ("location", .object([("oneOf", .array([location, .object([("type", .string("null"))])]))])),
                        ("key", nullableString),
                    ])),
                ])),
            ])),
            ("$defs", .object([
                ("Values", nullableNumber), ("Sources", cellSource),
                rowDefinitions(.applications, leaf: "Values"), rowDefinitions(.applications, leaf: "Sources"),
                rowDefinitions(.reviewLitigation, leaf: "Values"), rowDefinitions(.reviewLitigation, leaf: "Sources"),
            ])),
            ("required", .array(["schemaVersion", "source", "report", "preamble", "sections", "closing", "tables", "cellSources", "checks", "diagnostics"].map(JSONValue.string))),
            ("additionalProperties", .bool(false)),
        ])
    }
}
