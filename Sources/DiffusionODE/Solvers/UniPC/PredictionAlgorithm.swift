/// Which model output a UniPC-type solver integrates (the UniPC authors' `algorithm_type`).
public enum PredictionAlgorithm: String, CaseIterable, Sendable {
    /// x0_theta = (x - sigma eps)/alpha, the authors' default (DPM-Solver++'s choice).
    case dataPrediction = "data-prediction"
    /// eps_theta (DPM-Solver's choice).
    case noisePrediction = "noise-prediction"

    /// The DPM-Solver algorithm with the same exponential-integrator form.
    var dpmSolverAlgorithm: DPMSolverAlgorithm {
        self == .dataPrediction ? .dpmSolverPlusPlus : .dpmSolver
    }
}
