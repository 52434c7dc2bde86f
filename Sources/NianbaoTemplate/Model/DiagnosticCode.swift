import NianbaoDocument
import NianbaoSupport
/// What a ``Diagnostic`` is about: a stable identifier, listed with its meaning in the README
/// (a test holds the README's table to ``markdownTable``) and in the JSON Schema.
public enum DiagnosticCode: String, Codable, Sendable, CaseIterable {
    case rowNotFound = "row-not-found"
    case rowValueCount = "row-value-count"
    case rowValuesAdjusted = "row-values-adjusted"
    case rowPlacedByOrder = "row-placed-by-order"
    case rowUnplaced = "row-unplaced"
    case strayValues = "stray-values"
    case rowLabelUnknown = "row-label-unknown"
    case rowDuplicate = "row-duplicate"
    case rowRepeated = "row-repeated"
    case rowUnreadable = "row-unreadable"
    case rowLayoutMixed = "row-layout-mixed"
    case rowPrintedAsOne = "row-printed-as-one"
    case valuesOnGroupRow = "values-on-group-row"
    case blankCells = "blank-cells"
    case valueUnreadable = "value-unreadable"
    case sectionMissing = "section-missing"
    case tableRegionGuessed = "table-region-guessed"
    case templateFromYear = "template-from-year"
    case agencyFromSignature = "agency-from-signature"
    case yearFromDate = "year-from-date"
    case unitValueMissing = "unit-value-missing"
    case ocrLowConfidence = "ocr-low-confidence"
    case ocrRuleFailed = "ocr-rule-failed"
    case ocrTimeLimit = "ocr-time-limit"
    case pictureUnread = "picture-unread"

    /// What the code means, as the README's table says it.
    public var meaning: String {
        switch self {
        case .rowNotFound: return "a template row is not in the document; its cells are null"
        case .rowValueCount:
            return "a row has more or fewer values than the template's columns, or glued digits split more than one way; its cells are null"
        case .rowValuesAdjusted:
            return "values were placed after a repair: glued digits split the only possible way (that satisfies the row's sum), or a blank end cell read as blank"
        case .rowPlacedByOrder: return "a row printed without its label was placed as the only row missing between two labelled rows"
        case .rowUnplaced: return "a row of values without a label that could not be placed; not used"
        case .strayValues: return "values in a table that belong to no row; not used"
        case .rowLabelUnknown: return "a row whose label names no template row; not used"
        case .rowDuplicate: return "a row printed twice with different values; null"
        case .rowRepeated: return "a row printed again; the first printing was used"
        case .rowUnreadable: return "a row's values could not be read; its cells are null"
        case .rowLayoutMixed: return "（六）其他处理 printed both as one row and as its three items"
        case .rowPrintedAsOne: return "（六）其他处理 printed as one row (`otherHandling.total`); its three items are null"
        case .valuesOnGroupRow: return "values printed on a group or header row; not used"
        case .blankCells: return "blank or dashed cells read as null"
        case .valueUnreadable:
            return "a cell that looks like a number but is not a plain one (`1e5`, `97/98`, `3千`, `1'000`), or has more digits than are kept exactly (integers above 2^53, decimals beyond 15 significant digits); null, its printed text in `cellSources`"
        case .sectionMissing: return "a section title was not found"
        case .tableRegionGuessed: return "a section title was not found; its table was looked for by labels"
        case .templateFromYear: return "no label told the template apart; assumed from the year"
        case .agencyFromSignature: return "the title names no agency; the signature's was taken"
        case .yearFromDate: return "no year in the title; the year before the signature date was taken"
        case .unitValueMissing: return "`nianbao compile`: a cell of the sum is null because some units' cell is; the message names them"
        case .ocrLowConfidence:
            return "a number read by OCR below the confidence threshold (or its readings disagreed or did not account for the ink: confidence 0), or digits read only as Chinese text; null, the message names the page, the cell's box, the text read and the confidence"
        case .ocrRuleFailed:
            return "a 勾稽 rule failed over values read by OCR: a misreading cannot be told from the report's own inconsistency, so those values are null; the message names the rule and the cells, lowest confidence first"
        case .ocrTimeLimit: return "a cell not read by OCR: its page's time limit (`--timeout`, default 60 s a page) was reached first; null"
        case .pictureUnread:
            return "a picture in a fetched page's main content was not read by OCR (an error status, a failed or refused request, not a PNG, JPEG or TIFF image, more pictures than a page's limit, not an http(s) address); any table in it is absent, its cells null"
        }
    }

    /// The README's table of codes.
    public static var markdownTable: String {
        (["| code | meaning |", "|---|---|"] + allCases.map { "| `\($0.rawValue)` | \($0.meaning) |" }).joined(separator: "\n")
    }
}
