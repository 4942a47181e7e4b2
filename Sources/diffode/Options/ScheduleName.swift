import ArgumentParser
import DiffusionODE

/// The noise schedules `--schedule` accepts.
enum ScheduleName: String, CaseIterable, ExpressibleByArgument {
    case linear
    case cosine
    case discreteLinear = "discrete-linear"
    case discreteCosine = "discrete-cosine"
    case ve
    case edm
    case flow

    var isDiscrete: Bool { self == .discreteLinear || self == .discreteCosine }
}
