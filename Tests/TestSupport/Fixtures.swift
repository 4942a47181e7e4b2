import DiffusionODE
import Foundation

/// The reference cases copied from the DPM-Solver authors' implementation (run in float64).
public enum Fixtures {
    /// The folder holding the reference-case folders.
    public static var referenceCasesDirectory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("reference-cases")
    }

    /// Inputs kept as parser regression tests (Fuzz/ and hand-made), in `npy/` and `problem/`.
    public static var fuzzRegressionsDirectory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("fuzz-regressions")
    }

    /// Every reference case, by name.
    public static func referenceCases() throws -> [ReferenceCase] {
        let names = try FileManager.default.contentsOfDirectory(atPath: referenceCasesDirectory.path)
            .filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }
            .sorted()
        return try names.map { try ReferenceCase(folder: referenceCasesDirectory.appendingPathComponent($0)) }
    }

    /// A fresh scratch folder holding the six-dimensional mixture (`problem.json`) and x_T
    /// (`init.npy`, 16 x 6) of a reference case; the caller removes it.
    public static func scratchFolderWithReferenceProblem() throws -> URL {
        let folder = try DiffodeProcess.scratchFolder()
        let source = referenceCasesDirectory.appendingPathComponent("ddim-linear-tu10")
        for file in ["problem.json", "init.npy"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        return folder
    }

    /// A problem file of the fixtures (the three-component, six-dimensional mixture of the reference cases).
    public static var mixtureProblemPath: String {
        referenceCasesDirectory.appendingPathComponent("ddim-linear-tu10/problem.json").path
    }
}

/// One reference case: the `diffode sample` arguments, the reference's NFE and output.
public struct ReferenceCase: Sendable, CustomStringConvertible {
    public let name: String
    public let folder: URL
    /// The `diffode sample` arguments (without `--out`).
    public let arguments: [String]
    /// The reference implementation's model evaluations.
    public let evaluations: Int
    /// The relative tolerance: max|out - expected| <= rtol max(1, max|expected|).
    public let relativeTolerance: Double

    public var description: String { name }

    init(folder: URL) throws {
        self.folder = folder
        self.name = folder.lastPathComponent
        let data = try Data(contentsOf: folder.appendingPathComponent("case.json"))
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        self.arguments = object["args"] as! [String]
        self.evaluations = object["nfe"] as! Int
        self.relativeTolerance = (object["rtol"] as! NSNumber).doubleValue
    }

    /// The value following `--name` in the arguments.
    public func argument(_ name: String) -> String? {
        guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    public func path(_ file: String) -> String {
        folder.appendingPathComponent(file).path
    }

    public var expected: Batch {
        get throws { try NumPyArray.read(contentsOfFile: path("expected.npy")) }
    }

    /// The tolerance on the max-norm error.
    public var tolerance: Double {
        get throws { relativeTolerance * max(1, try expected.maxMagnitude) }
    }
}

extension Fixtures {
    /// The repository's root folder (for its examples/ and the model-server scripts).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The test model servers (`model-servers/faulty_server.py`).
    public static var modelServersDirectory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("model-servers")
    }
}
