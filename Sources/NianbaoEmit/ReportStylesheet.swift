import NianbaoDocument
import NianbaoSupport
import NianbaoTemplate
/// The stylesheet embedded in a standalone HTML report: the official form's ruled tables, numbers
/// right-aligned, Chinese fonts first, and an A4 page for printing. No external resources.
public enum ReportStylesheet {
    public static let css = """
        body { margin: 0; color: #111; background: #fff;
          font: 16px/1.8 "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; }
        .nianbao-report { max-width: 60em; margin: 0 auto; padding: 2em 1.5em 3em; }
        h1, h2, h3 { font-family: "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; line-height: 1.4; }
        h1 { font-size: 1.6em; text-align: center; margin: .5em 0 1.2em; }
        h2 { font-size: 1.15em; margin: 1.6em 0 .6em; }
        h3 { font-size: 1em; margin: 1em 0 .4em; }
        p { text-indent: 2em; margin: .4em 0; }
        table { border-collapse: collapse; width: 100%; margin: .8em 0 1.2em; font-size: .8em; line-height: 1.45; }
        th, td { border: 1px solid #000; padding: .3em .45em; }
        th { font-weight: normal; text-align: center; vertical-align: middle; }
        th[scope="row"] { text-align: left; }
        th[scope="rowgroup"] { font-weight: bold; }
        td { text-align: right; vertical-align: middle; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.corner { text-align: left; white-space: normal; font-size: .9em; }
        tbody th[rowspan] { text-align: center; width: 4.5em; }
        table.applications td { width: 6.5%; }
        table.applications tbody th[scope="row"]:not([rowspan]):not([colspan]) { width: 36%; }
        table.reviewLitigation th { padding: .3em .1em; white-space: nowrap; }
        .signature { text-align: right; text-indent: 0; margin-top: 2em; }
        .check-failed { background: #fde0dc; outline: 2px solid #c5221f; outline-offset: -2px; }
        @page { size: A4; margin: 20mm 15mm; }
        @media print {
          body { font-size: 12pt; }
          .nianbao-report { max-width: none; padding: 0; }
          table { font-size: 9pt; }
          table.reviewLitigation { font-size: 8.5pt; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
        }
        """
}
