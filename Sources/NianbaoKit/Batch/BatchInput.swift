import NianbaoCompare
import NianbaoDocument
import NianbaoEmit
import NianbaoExtract
import NianbaoParse
import NianbaoSupport
import NianbaoTemplate
/// One input of a batch: a file (found on the command line, in a folder or in a list) or an
/// http(s) address, with the output name chosen for it.
public struct BatchInput: Hashable, Sendable {
    /// A path as given or joined from a folder argument (so outputs name it the same on every run),
    /// or a URL.
    public var source: String
    /// True for an http(s) address, which is fetched rather than read from disk.
    public var isURL: Bool

    public init(source: String, isURL: Bool) {
        self.source = source
        self.isURL = isURL
    }

    /// True for an http:// or https:// address.
    public static func isURL(_ argument: String) -> Bool {
        let lower = argument.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}
