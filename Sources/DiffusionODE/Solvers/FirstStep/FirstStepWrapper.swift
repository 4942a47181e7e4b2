/// A solver that runs another with a different first step (``AnalyticFirstStep``,
/// ``GaussianFirstStep``): everything but the name, the step control and the solve is the
/// wrapped solver's.
public protocol FirstStepWrapper: Solver {
    /// The solver that takes the steps.
    var wrapped: any Solver { get }
}

extension FirstStepWrapper {
    public var order: Int { wrapped.order }
    public var defaultTolerances: Tolerances? { wrapped.defaultTolerances }
    public var defaultSpacing: TimeSpacing { wrapped.defaultSpacing }
    public var formulation: ODEFormulation? { wrapped.formulation }
    public var isStochastic: Bool { wrapped.isStochastic }
}
