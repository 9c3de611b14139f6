import ArgumentParser

struct ItemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "items")
    func run() async throws {}
}
