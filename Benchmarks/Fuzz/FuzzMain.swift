// The libFuzzer entry point for the parsers: the bytes as a CSV file, and each line as a date and
// as numbers, against the properties in Tests/FacetStoreTests/ParserProperties.swift. Built and run
// by Benchmarks/Fuzz/run.sh; a property that fails prints what failed and aborts, so libFuzzer keeps
// the input as a crash file.
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParsers(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let problems = ParserProperties.problems(Array(UnsafeBufferPointer(start: data, count: size)))
    if !problems.isEmpty {
        print(problems.prefix(5).joined(separator: "\n"))
        abort()
    }
    return 0
}
