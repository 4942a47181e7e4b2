import DiffusionODE
import DiffusionODEGSL
import DiffusionODEStudies
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TestSupport

@Suite("Convergence studies")
struct ConvergenceStudyTests {
    static func gaussianProblem(rows: Int = 64) throws -> SamplingProblem {
        try SamplingProblem(
            schedule: try LinearVPSchedule(), model: try Problems.gaussian(), initial: Problems.noise(rows: rows, columns: 4, seed: 1),
            startTime: 1, endTime: 1e-3
        )
    }

    @Test("ddim, dpm-solver-2, dpm-solver-3 at NFE 24-192 (logsnr) fit orders 1, 2, 3 on their asymptotic end")
    func ordersFromTheStudy() throws {
        let solvers: [any Solver] = [try DDIM(), try DPMSolverSinglestep(order: 2), try DPMSolverSinglestep(order: 3)]
        let study = try ConvergenceStudy(problem: Self.gaussianProblem(), solvers: solvers, budgets: [24, 48, 96, 192], spacing: .logSNR)
        let result = try study.run()
        #expect(result.reference.method == .closedForm)
        #expect(result.records.count == 12)
        for (name, expected) in [("ddim", 1.0), ("dpm-solver-2", 2.0), ("dpm-solver-3", 3.0)] {
            let fit = try #require(result.fit(for: name))
            #expect(fit.evaluations == [48, 96, 192], "the fit uses the largest three budgets")
            #expect(abs(fit.order - expected) <= 0.3, "\(name): \(fit.order)")
        }
        // Over all four budgets the pre-asymptotic point bends DPM-Solver-3's fit upwards.
        let runs = result.records(for: "dpm-solver-3")
        let all = try #require(OrderFit(evaluations: runs.map(\.evaluations), errors: runs.map(\.maxError)))
        #expect(all.order > (try #require(result.fit(for: "dpm-solver-3"))).order)
        #expect(result.orderTable().contains("| dpm-solver-3 |"))
    }

    @Test("budgets a solver cannot spend exactly are skipped, not rounded")
    func unspendableBudgets() throws {
        let study = try ConvergenceStudy(problem: Self.gaussianProblem(rows: 4), solvers: [try DPMSolverSinglestep(order: 3)], budgets: [10, 12, 20, 24])
        #expect(study.discretizations(for: study.solvers[0]).count == 2)
        let result = try study.run()
        #expect(result.records.map(\.evaluations) == [12, 24])
    }

    @Test("without a closed form the reference is a cross-checked high-accuracy solve")
    func numericalReference() throws {
        let problem = try SamplingProblem(schedule: CosineVPSchedule(), model: try Problems.mixture(), initial: Problems.noise(rows: 32, columns: 2, seed: 8))
        let reference = try ReferenceSolution(problem)
        #expect(reference.method == .numerical)
        #expect(reference.errorEstimate > 0 && reference.errorEstimate < 1e-8, "\(reference.errorEstimate)")
        // The reference agrees with an independent solver to well within its estimate's scale.
        let independent = try ExplicitRungeKutta(tableau: .classic4, formulation: .halfLogSNR).solve(problem, .steps(3000, spacing: .logSNR))
        #expect(independent.final.maxAbsoluteDifference(to: reference.final) < 1e-7)
    }

    @Test("adaptive solvers run over tolerances and report rejected steps")
    func workPrecision() throws {
        let study = try ConvergenceStudy(problem: Self.gaussianProblem(rows: 8), solvers: [try DPMSolverAdaptive(order: 3)], budgets: [], tolerances: [1e-2, 1e-4, 1e-6])
        let result = try study.run()
        let runs = result.records(for: "dpm-solver-23")
        #expect(runs.count == 3)
        #expect(runs.allSatisfy { $0.tolerance != nil })
        #expect(runs.first!.maxError > runs.last!.maxError)
        #expect(result.csv.text.split(separator: "\n").count == 4)
    }

    @Test("the CSV has the documented columns and one row per run")
    func csvColumns() throws {
        let study = try ConvergenceStudy(problem: Self.gaussianProblem(rows: 4), solvers: [try DDIM(), ExplicitRungeKutta(tableau: .heun, formulation: .time)], budgets: [8, 16])
        let text = try study.run().csv.text
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "solver,nfe,steps,rms_error,max_error,seconds,schedule,skip,formulation,tolerance,rejected_steps")
        #expect(lines.count == 5)
        #expect(lines.contains { $0.hasPrefix("rk2-heun@t,16,8,") && $0.contains(",linear,logsnr,t,,0") })
    }

    @Test("the SVG plot is well-formed XML with a labelled curve per solver")
    func svgPlot() throws {
        let study = try ConvergenceStudy(problem: Self.gaussianProblem(rows: 4), solvers: [try DDIM(), try DPMSolverSinglestep(order: 2)], budgets: [8, 16, 32])
        let svg = try study.run().plot(title: "test <plot>").svg
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        #expect(svg.contains(">ddim</text>") && svg.contains(">dpm-solver-2</text>"))
        #expect(svg.components(separatedBy: "<polyline").count == 3)
        #expect(svg.contains("test &lt;plot&gt;"))
    }

    @Test("the least-squares slope recovers a known power law")
    func orderFitOnKnownLine() throws {
        let evaluations = [10, 20, 40, 80]
        let fit = try #require(OrderFit(evaluations: evaluations, errors: evaluations.map { 3.0 * pow(Double($0), -2.5) }))
        #expect(abs(fit.order - 2.5) < 1e-12)
        #expect(OrderFit(evaluations: [10], errors: [1]) == nil)
        let floored = try #require(OrderFit.asymptotic(evaluations: [10, 20, 40, 80], errors: [1e-2, 1e-4, 1e-14, 1e-15], floor: 1e-12))
        #expect(floored.evaluations == [10, 20])
    }
}

@Suite("Benchmark helpers")
struct BenchmarkHelperTests {
    @Test("the free model answers zeros through GSL's pointer entry, whatever its output held, so GSL solves with it succeed")
    func freeModelWritesZerosForGSL() throws {
        let model = SolverBenchmark.FreeModel()
        let x = [1.0, 2.0, 3.0, 4.0]
        var output = [Double](repeating: 7, count: 4)
        try x.withUnsafeBufferPointer { input in
            try output.withUnsafeMutableBufferPointer { out in
                try model.predictNoise(input, rows: 2, columns: 2, at: try LinearVPSchedule().level(at: 0.5), into: out)
            }
        }
        #expect(output == [0, 0, 0, 0])
        let standard = try StandardBenchmarkProblem(samples: 64, dimension: 8, components: 4)
        let gsl = try GSLIntegrator(method: .rkf45, formulation: .time)
        let own = try SolverBenchmark.ownWork(gsl, problem: standard.problem, discretization: .tolerances(try Tolerances(both: 0.5)), repetitions: 1)
        #expect(own.secondsPerStep.isFinite)
    }
}
