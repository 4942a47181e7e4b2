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
    /// - Throws: ``DiffusionODEError`` naming the file and what is wrong.
    public init(contentsOfFile path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DiffusionODEError(.io, field: path, "cannot be read (\(error.localizedDescription))")
        }
        struct TypeField: Decodable { let type: String? }
        let type = (try? JSONDecoder().decode(TypeField.self, from: data))?.type
        switch type {
        case let type? where !Self.typeNames.contains(type):
            throw DiffusionODEError.invalidInput("\(path): type", "must be \"gaussian-mixture\" or \"empirical\", got \"\(type)\"")
        case "empirical":
            self = .empirical(try EmpiricalDistribution(contentsOfFile: path))
        default:
            // The mixture reader names what is wrong with any other document, the type included.
            self = .gaussianMixture(try GaussianMixture(json: data, source: path))
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
