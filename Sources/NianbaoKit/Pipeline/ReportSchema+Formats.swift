import NianbaoDocument
import NianbaoEmit

extension ReportSchema {
    /// The schema of `convert --to json` for the formats the standard readers read, and the
    /// reports `compile` makes.
    public static func value() -> JSONValue {
        value(formats: ReaderRegistry.standard.readers.map(\.format) + [.compiled])
    }
}
