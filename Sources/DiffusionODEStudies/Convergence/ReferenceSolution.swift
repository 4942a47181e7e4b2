import DiffusionODE
import DiffusionODEGSL

/// What every run of a study is measured against: x at the end time from the same x_T.
///
/// For a one-component problem it is the closed-form flow (exact to rounding). Otherwise it
/// is GSL's rk8pd in the scaled lambda formulation at atol = rtol = 1e-12, cross-checked
/// against the same integrator in the unscaled lambda formulation (a different ODE for the
/// same flow, so different errors): the largest difference of the two is reported as the
/// reference's own error estimate, and errors below ten times it are not used for fitting
/// orders.
public struct ReferenceSolution: Sendable {
    /// How the reference was obtained.
    public enum Method: String, Sendable {
        case closedForm = "closed form"
        case numerical = "gsl-rk8pd@lambda-scaled at 1e-12, cross-checked with gsl-rk8pd@lambda at 1e-12"
        /// To clean data only sigma-tilde reaches sigma = 0 at a finite value.
        case numericalToCleanData = "gsl-rk8pd@sigma to sigma = 0 at 1e-12, cross-checked with gsl-rkck@sigma at 1e-12"
    }

    /// x at the end time.
    public let final: Batch
    /// How it was obtained.
    public let method: Method
    /// The estimated max-norm error of ``final`` (0 for the closed form).
    public let errorEstimate: Double

    /// The reference for `problem`.
    /// - Parameter isCancelled: polled between the numerical reference's steps.
    /// - Throws: `DiffusionODEError` when a reference solve fails or is cancelled.
    public init(_ problem: SamplingProblem, isCancelled: (@Sendable () -> Bool)? = nil) throws {
        if let mixture = problem.model as? GaussianMixture, mixture.componentCount == 1 {
            let flow = try GaussianFlow(mixture)
            final = flow.solution(from: problem.initial, at: problem.initialLevel, to: problem.finalLevel)
            method = .closedForm
            errorEstimate = 0
            return
        }
        guard !problem.inverts else {
            throw DiffusionODEError.invalidArgument("problem", "a numerical reference integrates forwards; an inversion has one only in closed form (one-component problems)")
        }
        let clean = problem.endsAtCleanData
        let options = SolveOptions(maximumSteps: 1_000_000, isCancelled: isCancelled)
        let tolerances = Discretization.tolerances(try Tolerances(both: 1e-12))
        let primary = try GSLIntegrator(method: .rk8pd, formulation: clean ? .sigma : .scaledHalfLogSNR).solve(problem, tolerances, options: options)
        let check = try GSLIntegrator(method: clean ? .rkck : .rk8pd, formulation: clean ? .sigma : .halfLogSNR).solve(problem, tolerances, options: options)
        final = primary.final
        method = clean ? .numericalToCleanData : .numerical
        errorEstimate = primary.final.maxAbsoluteDifference(to: check.final)
    }
}
