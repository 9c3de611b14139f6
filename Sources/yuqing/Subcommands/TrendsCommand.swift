import ArgumentParser

struct TrendsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trends")
    func run() async throws {}
}
