import DiffusionODE
import Foundation

/// A problem file of any type: the data distribution whose exact noise predictor is the model.
///
/// `"type": "gaussian-mixture"` (``GaussianMixture``, with closed-form flows for one
/// component and optional class labels) or `"type": "empirical"` (``EmpiricalDistribution``,
/// a dataset and its kernel smoothing).
public enum ProblemFile: Sendable {
    case gaussianMixture(GaussianMixture)
    case empirical(EmpiricalDistribution)

    /// The problem types, as written in the `type` field.
    public static let typeNames = ["gaussian-mixture", "empirical"]

    /// Reads a problem file, dispatching on its `type`.
    /// - Parameter checkArrayFile: called with the path of every array file the problem names
    ///   (an empirical problem's points) before it is read.
    /// - Throws: ``DiffusionODEError`` naming the file and what is wrong.
    public init(contentsOfFile path: String, checkArrayFile: (String) throws -> Void = { _ in }) throws {
        let document = try JSONValue.parse(contentsOfFile: path)
        guard case .object(let members) = document else {
            throw DiffusionODEError.invalidInput(path, "must be a JSON object with a \"type\" (\(Self.typeNames.joined(separator: " or ")))")
        }
        switch members.first(where: { $0.key == "type" })?.value {
        case .string("empirical"):
            self = .empirical(try EmpiricalDistribution(document: document, source: path, checkArrayFile: checkArrayFile))
        case .string("gaussian-mixture"):
            self = .gaussianMixture(try GaussianMixture(document: document, source: path))
        case .string(let other):
            throw DiffusionODEError.invalidInput("\(path): type", "must be \"gaussian-mixture\" or \"empirical\", got \"\(other)\"")
        case let other?:
            throw DiffusionODEError.invalidInput("\(path): type", "must be a string, \"gaussian-mixture\" or \"empirical\", not \(other.typeName)")
        case nil:
            throw DiffusionODEError.invalidInput("\(path): type", "is missing; a problem file names its type: \"gaussian-mixture\" or \"empirical\"")
        }
    }

    /// The exact noise predictor of the distribution.
    public var model: any NoisePredictor {
        switch self {
        case .gaussianMixture(let mixture): mixture
        case .empirical(let distribution): distribution
        }
    }

    /// The sample dimension D.
    public var sampleDimension: Int {
        switch self {
        case .gaussianMixture(let mixture): mixture.sampleDimension
        case .empirical(let distribution): distribution.sampleDimension
        }
    }

    /// The mixture, when the problem is one.
    public var mixture: GaussianMixture? {
        if case .gaussianMixture(let mixture) = self { return mixture }
        return nil
    }

    /// The number of components (mixture) or training points (empirical).
    public var componentCount: Int {
        switch self {
        case .gaussianMixture(let mixture): mixture.componentCount
        case .empirical(let distribution): distribution.pointCount
        }
    }
}
