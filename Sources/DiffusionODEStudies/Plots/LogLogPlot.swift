import Foundation

/// A log-log line plot written as a standalone SVG: one labelled curve per series, axes
/// with decade ticks and grid lines, and a legend. No dependencies; opens in any browser.
public struct LogLogPlot: Sendable {
    /// One curve.
    public struct Series: Sendable {
        /// The name in the legend.
        public var label: String
        /// The points (x, y); those not positive and finite are left out.
        public var points: [(x: Double, y: Double)]

        /// A curve named `label` through `points`.
        public init(label: String, points: [(x: Double, y: Double)]) {
            self.label = label
            self.points = points
        }
    }

    /// The title above the plot.
    public var title: String
    /// The label of the horizontal axis.
    public var xLabel: String
    /// The label of the vertical axis.
    public var yLabel: String
    /// The curves, in legend order.
    public var series: [Series]
    /// The width of the SVG in pixels (760 by default).
    public var width: Double = 760
    /// The height of the SVG in pixels (500 by default).
    public var height: Double = 500

    /// A plot of `series` with the given title and axis labels, at the default size.
    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// A palette that stays distinguishable for ten curves (Tableau 10).
    static let colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
    static let dashes = ["", "6,3", "2,2", "8,3,2,3"]

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    /// The decades spanning [low, high] (at least one decade).
    private static func decades(_ low: Double, _ high: Double) -> (Int, Int) {
        let lower = Int(floor(log10(low)))
        var upper = Int(ceil(log10(high)))
        if upper == lower { upper += 1 }
        return (lower, upper)
    }

    /// The SVG document.
    public var svg: String {
        let points = series.flatMap(\.points).filter { $0.x > 0 && $0.y > 0 && $0.x.isFinite && $0.y.isFinite }
        let (xLow, xHigh) = Self.decades(points.map(\.x).min() ?? 1, points.map(\.x).max() ?? 10)
        let (yLow, yHigh) = Self.decades(points.map(\.y).min() ?? 1e-3, points.map(\.y).max() ?? 1)
        let left = 80.0, right = width - 200, top = 50.0, bottom = height - 60
        func px(_ x: Double) -> Double { left + (log10(x) - Double(xLow)) / Double(xHigh - xLow) * (right - left) }
        func py(_ y: Double) -> Double { bottom - (log10(y) - Double(yLow)) / Double(yHigh - yLow) * (bottom - top) }

        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Self.format((left + right) / 2))" y="28" text-anchor="middle" font-size="15">\(Self.escape(title))</text>

            """
        // Grid and ticks: every decade labelled; 2..9 minor lines when few decades.
        for exponent in xLow...xHigh {
            let major = pow(10, Double(exponent))
            let x = px(major)
            svg += "<line x1=\"\(Self.format(x))\" y1=\"\(Self.format(top))\" x2=\"\(Self.format(x))\" y2=\"\(Self.format(bottom))\" stroke=\"#dddddd\"/>\n"
            svg += "<line x1=\"\(Self.format(x))\" y1=\"\(Self.format(bottom))\" x2=\"\(Self.format(x))\" y2=\"\(Self.format(bottom + 6))\" stroke=\"black\"/>\n"
            svg += "<text x=\"\(Self.format(x))\" y=\"\(Self.format(bottom + 20))\" text-anchor=\"middle\">\(Self.tickLabel(major))</text>\n"
            if exponent < xHigh, xHigh - xLow <= 3 {
                for multiple in 2...9 {
                    let minor = px(Double(multiple) * major)
                    svg += "<line x1=\"\(Self.format(minor))\" y1=\"\(Self.format(top))\" x2=\"\(Self.format(minor))\" y2=\"\(Self.format(bottom))\" stroke=\"#f0f0f0\"/>\n"
                    svg += "<line x1=\"\(Self.format(minor))\" y1=\"\(Self.format(bottom))\" x2=\"\(Self.format(minor))\" y2=\"\(Self.format(bottom + 3))\" stroke=\"black\"/>\n"
                    if multiple == 2 || multiple == 5 {
                        svg += "<text x=\"\(Self.format(minor))\" y=\"\(Self.format(bottom + 20))\" text-anchor=\"middle\" fill=\"#555555\">\(Self.tickLabel(Double(multiple) * major))</text>\n"
                    }
                }
            }
        }
        for exponent in yLow...yHigh {
            let y = py(pow(10, Double(exponent)))
            svg += "<line x1=\"\(Self.format(left))\" y1=\"\(Self.format(y))\" x2=\"\(Self.format(right))\" y2=\"\(Self.format(y))\" stroke=\"#dddddd\"/>\n"
            svg += "<line x1=\"\(Self.format(left - 6))\" y1=\"\(Self.format(y))\" x2=\"\(Self.format(left))\" y2=\"\(Self.format(y))\" stroke=\"black\"/>\n"
            svg += "<text x=\"\(Self.format(left - 10))\" y=\"\(Self.format(y + 4))\" text-anchor=\"end\">1e\(exponent)</text>\n"
        }
        svg += "<rect x=\"\(Self.format(left))\" y=\"\(Self.format(top))\" width=\"\(Self.format(right - left))\" height=\"\(Self.format(bottom - top))\" fill=\"none\" stroke=\"black\"/>\n"
        svg += "<text x=\"\(Self.format((left + right) / 2))\" y=\"\(Self.format(height - 18))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        svg += "<text x=\"20\" y=\"\(Self.format((top + bottom) / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 20 \(Self.format((top + bottom) / 2)))\">\(Self.escape(yLabel))</text>\n"

        for (index, curve) in series.enumerated() {
            let color = Self.colors[index % Self.colors.count]
            let dash = Self.dashes[(index / Self.colors.count) % Self.dashes.count]
            let visible = curve.points.filter { $0.x > 0 && $0.y > 0 && $0.x.isFinite && $0.y.isFinite }.sorted { $0.x < $1.x }
            let path = visible.map { "\(Self.format(px($0.x))),\(Self.format(py($0.y)))" }.joined(separator: " ")
            if visible.count > 1 {
                svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
            }
            for point in visible {
                svg += "<circle cx=\"\(Self.format(px(point.x)))\" cy=\"\(Self.format(py(point.y)))\" r=\"3.5\" fill=\"\(color)\"/>\n"
            }
            let legendY = top + 10 + Double(index) * 20
            svg += "<line x1=\"\(Self.format(right + 15))\" y1=\"\(Self.format(legendY))\" x2=\"\(Self.format(right + 45))\" y2=\"\(Self.format(legendY))\" stroke=\"\(color)\" stroke-width=\"2\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
            svg += "<circle cx=\"\(Self.format(right + 30))\" cy=\"\(Self.format(legendY))\" r=\"3.5\" fill=\"\(color)\"/>\n"
            svg += "<text x=\"\(Self.format(right + 52))\" y=\"\(Self.format(legendY + 4))\">\(Self.escape(curve.label))</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    private static func tickLabel(_ value: Double) -> String {
        if value >= 1, value < 1e6, value == value.rounded() { return String(Int(value)) }
        return String(format: "%g", value)
    }
}

extension ConvergenceResult {
    /// Error against NFE, one curve per solver.
    public func plot(title: String, metric: ErrorMetric = .max) -> LogLogPlot {
        let series = solverNames.map { name in
            LogLogPlot.Series(label: name, points: records(for: name).map { (Double($0.evaluations), metric.value($0)) })
        }
        return LogLogPlot(title: title, xLabel: "model evaluations (NFE)", yLabel: "\(metric.rawValue) error against the reference", series: series)
    }
}
