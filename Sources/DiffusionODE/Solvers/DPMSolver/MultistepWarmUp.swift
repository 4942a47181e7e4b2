/// How a multistep DPM-Solver fills its history before it can take full-order steps.
public enum MultistepWarmUp: String, CaseIterable, Sendable {
    /// The reference's start: step i < order uses the multistep update of order i (the
    /// first step is DPM-Solver-1). Its first step's local error O(h^2) caps the global
    /// order of dpm-solver-3m at 2 on smooth problems.
    case lowerOrder = "lower-order"
    /// Steps i < order are singlestep DPM-Solver-`order` updates, which reuse the history's
    /// model output at their start and cost order - 1 extra evaluations each (counted in
    /// the NFE); the global order is then the method's full order.
    case singlestep = "singlestep"
}
