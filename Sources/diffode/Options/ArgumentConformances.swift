import ArgumentParser
import DiffusionODE
import DiffusionODEStudies

extension TimeSpacing: ExpressibleByArgument {
    /// A spacing by name, with its default rho (`--rho` sets another).
    public init?(argument: String) {
        guard let spacing = try? TimeSpacing(name: argument) else { return nil }
        self = spacing
    }

    public static var allValueStrings: [String] { names }
}
extension DPMSolverForm: ExpressibleByArgument {}
extension MultistepWarmUp: ExpressibleByArgument {}
extension SecondDifferenceScaling: ExpressibleByArgument {}
extension ErrorMetric: ExpressibleByArgument {}
extension UniPCVariant: ExpressibleByArgument {}
extension PredictionAlgorithm: ExpressibleByArgument {}
extension MultistepCorrector: ExpressibleByArgument {}
extension MultistepWeights: ExpressibleByArgument {}
extension NoiseKind: ExpressibleByArgument {}
extension SDESolverType: ExpressibleByArgument {}
