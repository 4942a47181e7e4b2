import ArgumentParser
import DiffusionODE

/// What every solving command needs: the problem file, the schedule, the time span and x_T.
struct ProblemOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The data distribution (gaussian-mixture JSON).", valueName: "file.json"))
    var problem: String

    @OptionGroup var scheduleOptions: ScheduleOptions

    @Option(name: .customLong("t-start"), parsing: .unconditional, help: "The start time (default T).")
    var tStart: Double?

    @Option(name: .customLong("t-end"), parsing: .unconditional, help: "The end time (default 1e-3 continuous, 1/N discrete).")
    var tEnd: Double?

    @OptionGroup var initialState: InitialStateOptions

    /// The seed for stochastic solvers' noise (the one `--seed` gives, 0 by default).
    var seed: UInt64 { initialState.seed ?? 0 }

    /// The mixture and the sampling problem these options describe.
    func makeProblem() throws -> (mixture: GaussianMixture, problem: SamplingProblem) {
        try initialState.check()
        let schedule = try scheduleOptions.makeSchedule()
        let mixture = try GaussianMixture(contentsOfFile: problem)
        let initial = try initialState.makeInitial(dimension: mixture.sampleDimension)
        let sampling = try SamplingProblem(schedule: schedule, model: mixture, initial: initial, startTime: tStart, endTime: tEnd)
        return (mixture, sampling)
    }
}
