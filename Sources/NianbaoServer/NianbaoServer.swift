import Foundation
import Hummingbird
import Logging
import NianbaoKit

/// The web app and HTTP API of `nianbao serve`: the home page and its static files, and the
/// routes of ``APIRoutes``, behind ``ServerMiddleware`` (security headers, access log).
public enum NianbaoServer {
    /// The router of the app; `limiter` decides how many conversions run and wait at once, and
    /// `workers` run them (by default the workers `settings` ask for, which the caller cannot end:
    /// pass them to end them with ``ServerWorkers/shutdown()`` once the server has stopped).
    public static func router(
        settings: ServerSettings, limiter: ConversionLimiter? = nil, workers: ServerWorkers? = nil, converter: Converter = Converter(),
        log: @escaping @Sendable (String) -> Void = ServerMiddleware<BasicRequestContext>.standardError
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ServerMiddleware(log: log))
        let limiter = limiter ?? ConversionLimiter(places: settings.concurrentConversions, queueLength: settings.queueLength)
        let workers = workers ?? ServerWorkers(settings: settings)
        APIRoutes(converter: converter, limiter: limiter, settings: settings, workers: workers).add(to: router)
        Pages.add(to: router, converter: converter, settings: settings)
        if let corpus = settings.corpus { CorpusPages(catalog: corpus).add(to: router) }
        return router
    }

    /// The application listening on `settings.host` and `settings.port` (see ``router(settings:limiter:workers:converter:log:)``).
    public static func application(
        settings: ServerSettings, limiter: ConversionLimiter? = nil, workers: ServerWorkers? = nil, converter: Converter = Converter(),
        log: @escaping @Sendable (String) -> Void = ServerMiddleware<BasicRequestContext>.standardError
    ) -> some ApplicationProtocol {
        if let workers = settings.workers {
            // The private folders of servers killed mid-request (SIGKILL), removed at start.
            let swept = ServerFolders.sweep(in: workers.temporaryFolder ?? NSTemporaryDirectory())
            if !swept.isEmpty { log("nianbao serve: removed \(swept.count) temporary folder(s) left by servers no longer running") }
        }
        var logger = Logger(label: "nianbao-serve")
        logger.logLevel = .notice
        return Application(
            router: router(settings: settings, limiter: limiter, workers: workers, converter: converter, log: log),
            configuration: ApplicationConfiguration(address: .hostname(settings.host, port: settings.port), serverName: "nianbao"),
            onServerRunning: { _ in log("nianbao serve: listening on http://\(settings.host):\(settings.port)/ (Ctrl-C stops)") },
            logger: logger
        )
    }
}
