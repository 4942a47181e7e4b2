import Foundation

/// The cores work is split across, read once: asking Foundation at every call allocates.
package enum ProcessorCount {
    package static let active = ProcessInfo.processInfo.activeProcessorCount
}
