import Foundation
import NianbaoKit

let path = CommandLine.arguments[1]
do {
    let report = try DocumentReader.report(path)
    print(ReportJSON.string(of: report), terminator: "")
} catch {
    FileHandle.standardError.write("nianbao: \(error)\n".data(using: .utf8)!)
    exit(2)
}
