import ArgumentParser
import DiffusionODE

extension TimeSpacing: ExpressibleByArgument {}
extension DPMSolverForm: ExpressibleByArgument {}
extension MultistepWarmUp: ExpressibleByArgument {}
extension SecondDifferenceScaling: ExpressibleByArgument {}
