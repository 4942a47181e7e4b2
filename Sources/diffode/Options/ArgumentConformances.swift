import ArgumentParser
import DiffusionODE
import DiffusionODEStudies

extension TimeSpacing: ExpressibleByArgument {}
extension DPMSolverForm: ExpressibleByArgument {}
extension MultistepWarmUp: ExpressibleByArgument {}
extension SecondDifferenceScaling: ExpressibleByArgument {}
extension ErrorMetric: ExpressibleByArgument {}
