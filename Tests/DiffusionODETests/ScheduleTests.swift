import DiffusionODE
import Foundation
import Testing
import TestSupport

@Suite("Noise schedules")
struct ScheduleTests {
    /// Distinct times spread over [minimum, T], denser near the start where alpha is close to 1.
    static func sampleTimes(from minimum: Double = 1e-4, upTo maximum: Double) -> [Double] {
        let logarithmic = (0...40).map { minimum * pow(maximum / minimum, Double($0) / 40) }
        let uniform = (1...40).map { maximum * Double($0) / 40 }.filter { $0 > minimum }
        var times: [Double] = []
        for time in (logarithmic + uniform).sorted() where times.last.map({ time > $0 * (1 + 1e-9) }) ?? true {
            times.append(time)
        }
        return times
    }

    /// Sample times on the range a schedule is meant for: from 1e-4 for the continuous
    /// ones, from the first knot for the discrete ones.
    static func sampleTimes(_ schedule: any NoiseSchedule) -> [Double] {
        sampleTimes(from: schedule is DiscreteVPSchedule ? schedule.defaultFinalTime : 1e-4, upTo: schedule.maximumTime)
    }

    @Test("t -> lambda -> t round trip to 1e-12 (continuous schedules)", arguments: [
        try LinearVPSchedule() as any NoiseSchedule, CosineVPSchedule() as any NoiseSchedule,
        try LinearVPSchedule(betaMin: 0, betaMax: 12) as any NoiseSchedule,
    ])
    func continuousRoundTrip(schedule: any NoiseSchedule) {
        for time in Self.sampleTimes(upTo: schedule.maximumTime) {
            let back = schedule.time(atHalfLogSNR: schedule.halfLogSNR(at: time))
            #expect(abs(back - time) <= 1e-12 * time, "\(schedule.name): t = \(time) came back as \(back)")
        }
    }

    @Test("t -> lambda -> t round trip to 1e-12 at and between knots (discrete schedules)", arguments: [
        try DiscreteVPSchedule.ddpmLinear(), try DiscreteVPSchedule.improvedDDPMCosine(),
    ])
    func discreteRoundTrip(schedule: DiscreteVPSchedule) {
        var times = schedule.knotTimes
        for index in 1..<schedule.knotTimes.count {
            let low = schedule.knotTimes[index - 1], high = schedule.knotTimes[index]
            times += [low + 0.5 * (high - low), low + 0.137 * (high - low), low + 0.91 * (high - low)]
        }
        for time in times {
            let back = schedule.time(atHalfLogSNR: schedule.halfLogSNR(at: time))
            #expect(abs(back - time) <= 1e-12 * time, "\(schedule.name): t = \(time) came back as \(back)")
        }
    }

    @Test("alpha^2 + sigma^2 = 1 and lambda = log(alpha/sigma) on every schedule")
    func varianceIsPreserved() throws {
        for schedule in try Problems.schedules() {
            for time in Self.sampleTimes(schedule) {
                let level = schedule.level(at: time)
                #expect(abs(level.alpha * level.alpha + level.sigma * level.sigma - 1) <= 4e-16)
                #expect(abs(level.halfLogSNR - log(level.alpha / level.sigma)) <= 1e-12 * max(1, abs(level.halfLogSNR)))
            }
        }
    }

    @Test("lambda decreases strictly in t")
    func halfLogSNRDecreases() throws {
        for schedule in try Problems.schedules() {
            let lambdas = Self.sampleTimes(schedule).map(schedule.halfLogSNR(at:))
            for index in 1..<lambdas.count {
                #expect(lambdas[index] < lambdas[index - 1], "\(schedule.name)")
            }
        }
    }

    @Test("linear schedule: log alpha in closed form, and its derivative")
    func linearClosedForm() throws {
        let schedule = try LinearVPSchedule()
        // log alpha_1 = -(20 - 0.1)/4 - 0.1/2 = -5.025
        #expect(abs(schedule.logAlpha(at: 1) - (-5.025)) <= 1e-15)
        for time in [1e-3, 0.3, 0.9] {
            let step = 1e-6
            let numeric = (schedule.logAlpha(at: time + step) - schedule.logAlpha(at: time - step)) / (2 * step)
            #expect(abs(numeric - schedule.logAlphaDerivative(at: time)) <= 1e-8)
        }
    }

    @Test("cosine schedule: log alpha matches log cos(u) - log cos(u0), and its derivative")
    func cosineClosedForm() {
        let schedule = CosineVPSchedule()
        let s = 0.008
        for time in [0.01, 0.2, 0.5, 0.9, 0.9946] {
            let direct = log(cos((time + s) / (1 + s) * .pi / 2)) - log(cos(s / (1 + s) * .pi / 2))
            #expect(abs(schedule.logAlpha(at: time) - direct) <= 1e-13 * max(1, abs(direct)))
            let step = 1e-7
            let numeric = (schedule.logAlpha(at: time + step) - schedule.logAlpha(at: time - step)) / (2 * step)
            #expect(abs(numeric - schedule.logAlphaDerivative(at: time)) <= 1e-5 * max(1, abs(numeric)))
        }
        #expect(schedule.logAlpha(at: 0) == 0)
    }

    @Test("discrete-linear keeps all 1000 knots; discrete-cosine is clipped at lambda -5.1")
    func discreteClipping() throws {
        let linear = try DiscreteVPSchedule.ddpmLinear()
        #expect(linear.knotCount == 1000)
        #expect(abs(linear.defaultFinalTime - 1e-3) <= 1e-18)
        let cosine = try DiscreteVPSchedule.improvedDDPMCosine()
        #expect(cosine.knotCount < 1000)
        #expect(cosine.unclippedLogAlphas.count == 1000)
        let lastKept = NoiseLevel(time: 1, logAlpha: cosine.knotLogAlphas.last!).halfLogSNR
        let firstDropped = NoiseLevel(time: 1, logAlpha: cosine.unclippedLogAlphas[cosine.knotCount]).halfLogSNR
        #expect(lastKept >= -5.1)
        #expect(firstDropped < -5.1)
        #expect(abs(cosine.defaultFinalTime - 1 / Double(cosine.knotCount)) <= 1e-18)
    }

    @Test("discrete knots: log alpha_n = 0.5 cumsum log(1 - beta), linear between knots")
    func discreteInterpolation() throws {
        let betas = (0..<10).map { 0.01 + 0.02 * Double($0) }
        let schedule = try DiscreteVPSchedule(betas: betas, clippedHalfLogSNR: nil)
        var cumulative = 0.0
        for (index, beta) in betas.enumerated() {
            cumulative += log(1 - beta)
            let time = Double(index + 1) / 10
            #expect(abs(schedule.logAlpha(at: time) - 0.5 * cumulative) <= 1e-15)
        }
        let middle = 0.5 * (schedule.logAlpha(at: 0.3) + schedule.logAlpha(at: 0.4))
        #expect(abs(schedule.logAlpha(at: 0.35) - middle) <= 1e-15)
        // Extrapolation below the first knot continues the first segment.
        let slope = (schedule.logAlpha(at: 0.2) - schedule.logAlpha(at: 0.1)) / 0.1
        #expect(abs(schedule.logAlpha(at: 0.05) - (schedule.logAlpha(at: 0.1) - 0.05 * slope)) <= 1e-15)
    }

    @Test("alphas-cumprod and betas give the same schedule")
    func alphasCumprodMatchesBetas() throws {
        let betas = (0..<50).map { 1e-3 + 4e-3 * Double($0) }
        var product = 1.0
        let alphaBars = betas.map { beta -> Double in product *= 1 - beta; return product }
        let fromBetas = try DiscreteVPSchedule(betas: betas)
        let fromCumprod = try DiscreteVPSchedule(alphasCumprod: alphaBars)
        for time in [0.02, 0.31, 0.77, 1.0] {
            #expect(abs(fromBetas.logAlpha(at: time) - fromCumprod.logAlpha(at: time)) <= 1e-13)
        }
    }

    @Test("invalid schedule parameters are typed errors")
    func invalidParameters() {
        #expect(throws: DiffusionODEError.self) { try LinearVPSchedule(betaMin: 2, betaMax: 1) }
        #expect(throws: DiffusionODEError.self) { try LinearVPSchedule(betaMin: -1, betaMax: 1) }
        #expect(throws: DiffusionODEError.self) { try DiscreteVPSchedule(betas: [0.1, 1.5]) }
        #expect(throws: DiffusionODEError.self) { try DiscreteVPSchedule(betas: [0.1, .nan]) }
        #expect(throws: DiffusionODEError.self) { try DiscreteVPSchedule(betas: []) }
        #expect(throws: DiffusionODEError.self) { try DiscreteVPSchedule(alphasCumprod: [0.9, 0.95]) }
    }

    @Test("a time where a discrete schedule has no noise left is rejected")
    func timeBelowExtrapolatedRange() throws {
        let schedule = try DiscreteVPSchedule.ddpmLinear()
        #expect(schedule.logAlpha(at: 1e-5) >= 0)
        #expect(throws: DiffusionODEError.self) { try schedule.validate(time: 1e-5, field: "t-end") }
        try schedule.validate(time: 1e-3, field: "t-end")
    }
}
