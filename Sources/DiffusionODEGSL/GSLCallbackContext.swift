import CGSL
import DiffusionODE

/// What GSL's C callback needs, passed through its `void *params`: the vector field, the
/// counting evaluator, and the first error, kept for the solve to throw once GSL returns.
final class GSLCallbackContext {
    let ode: ProbabilityFlowODE
    let evaluator: ModelEvaluator
    let rows: Int
    let columns: Int
    /// Room for the model input alpha y of the scaled formulation.
    var scratch: Batch
    /// The error that stopped the callback.
    var failure: DiffusionODEError?

    init(ode: ProbabilityFlowODE, evaluator: ModelEvaluator, rows: Int, columns: Int) {
        self.ode = ode
        self.evaluator = evaluator
        self.rows = rows
        self.columns = columns
        self.scratch = ode.makeScratch(rows: rows, columns: columns)
    }

    /// dy/du into `derivative`; `GSL_EBADFUNC` (and the reason kept) when the model throws
    /// or anything is not finite, since GSL would otherwise carry NaN along silently.
    func evaluate(at variable: Double, _ y: UnsafePointer<Double>, _ derivative: UnsafeMutablePointer<Double>) -> Int32 {
        let count = rows * columns
        let state = UnsafeBufferPointer(start: y, count: count)
        let output = UnsafeMutableBufferPointer(start: derivative, count: count)
        do {
            MemoryTraffic.record(values: count, passes: 2)
            if let index = state.firstNonFiniteIndex() {
                throw DiffusionODEError.solveFailed(
                    evaluator.solverName, "the state is \(state[index]) at row \(index / columns), column \(index % columns), \(ode.formulation.rawValue) = \(variable)"
                )
            }
            try scratch.withUnsafeMutableValues { scratch in
                try ode.derivative(state, rows: rows, columns: columns, at: variable, evaluator: evaluator, scratch: scratch, into: output)
            }
            if let index = output.firstNonFiniteIndex() {
                throw DiffusionODEError.solveFailed(
                    evaluator.solverName, "the right-hand side is \(output[index]) at row \(index / columns), column \(index % columns), \(ode.formulation.rawValue) = \(variable)"
                )
            }
            return Int32(GSL_SUCCESS)
        } catch let error as DiffusionODEError {
            failure = failure ?? error
            return Int32(GSL_EBADFUNC)
        } catch {
            failure = failure ?? DiffusionODEError.solveFailed(evaluator.solverName, "\(error)")
            return Int32(GSL_EBADFUNC)
        }
    }
}
