/// A pointer handed to worker threads that touch disjoint parts of the memory it points to.
package struct UnsafeSendablePointer<Pointee>: @unchecked Sendable {
    package let pointer: UnsafePointer<Pointee>
    package init(_ pointer: UnsafePointer<Pointee>) { self.pointer = pointer }
}

/// A mutable pointer handed to worker threads that write disjoint parts of its memory.
package struct UnsafeSendableMutablePointer<Pointee>: @unchecked Sendable {
    package let pointer: UnsafeMutablePointer<Pointee>
    package init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
}
