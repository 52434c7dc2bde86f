/// Why fetching a URL failed.
public enum FetchFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not an http or https URL.
    case unsupportedURL
    /// The server answered with an error status.
    case httpStatus(Int)
    /// No answer, or not all of it, within the time limit (seconds).
    case timeout(seconds: Double)
    /// The body is larger than the limit (bytes).
    case tooLarge(limit: Int)
    /// A redirect leads back to an address already visited.
    case redirectLoop(at: String)
    /// More redirects than the limit.
    case tooManyRedirects(limit: Int)
    /// A redirect without a usable Location header.
    case badRedirect
    /// robots.txt of the site disallows the address for nianbao.
    case disallowedByRobots
    /// The site's robots.txt could not be read (why): nothing on the site is fetched (RFC 9309).
    case robotsUnreadable(String)
    /// The run's bound on the number of requests was reached.
    case requestBudgetExhausted(limit: Int)
    /// Connection, DNS or TLS failure, as libcurl described it.
    case network(String)
    /// libcurl, which nianbao loads when it first fetches a URL, could not be loaded; why.
    case httpClientUnavailable(String)
    /// Only public addresses may be fetched (``HTTPFetcher/Options/publicAddressesOnly``), and the
    /// host's address (given) is loopback, private, link-local or reserved.
    case nonPublicAddress(String)

    public var description: String {
        switch self {
        case .unsupportedURL: return "only http:// and https:// addresses can be fetched"
        case let .httpStatus(code): return "the server answered HTTP \(code)"
        case let .timeout(seconds): return "no complete answer within \(Self.format(seconds)) s (raise --timeout if the site is slow)"
        case let .tooLarge(limit): return "the response is larger than \(limit) bytes"
        case let .redirectLoop(at): return "redirect loop at \(at)"
        case let .tooManyRedirects(limit): return "more than \(limit) redirects"
        case .badRedirect: return "a redirect without a usable Location header"
        case .disallowedByRobots: return "the site's robots.txt disallows this address"
        case let .robotsUnreadable(reason):
            return "the site's robots.txt could not be read (\(reason)); a site whose robots.txt cannot be read is not crawled"
        case let .requestBudgetExhausted(limit): return "the bound of \(limit) requests for this run was reached (raise --max-requests)"
        case let .network(message): return message
        case let .httpClientUnavailable(reason):
            return "fetching URLs needs libcurl, which could not be loaded (\(reason)); install it: apt-get install libcurl4"
        case let .nonPublicAddress(address):
            return "its host is at \(address), not a public address (a loopback, private, link-local or reserved range)"
        }
    }

    /// Worth trying again later: a server error or a timeout.
    public var isTransient: Bool {
        switch self {
        case let .httpStatus(code): return code >= 500 || code == 429
        case .timeout, .network: return true
        default: return false
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds.isFinite && abs(seconds) < 1e15 && seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
