import Testing

@testable import Transport

struct AddressGuardTests {
    static func v4(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> UInt32 { a << 24 | b << 16 | c << 8 | d }

    @Test func ipv4Ranges() {
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(127, 0, 0, 1)))
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(10, 1, 2, 3)))
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(172, 16, 0, 1)))
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(172, 31, 255, 255)))
        #expect(AddressGuard.isPublic(ipv4: Self.v4(172, 32, 0, 1)))
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(192, 168, 1, 1)))
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(169, 254, 169, 254)))
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(100, 64, 0, 1)))
        #expect(AddressGuard.isPublic(ipv4: Self.v4(100, 128, 0, 1)))
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(0, 0, 0, 0)))
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(224, 0, 0, 1)))
        #expect(!AddressGuard.isPublic(ipv4: Self.v4(255, 255, 255, 255)))
        #expect(AddressGuard.isPublic(ipv4: Self.v4(202, 108, 22, 5)))
    }

    @Test func ipv6Ranges() {
        var loopback = [UInt8](repeating: 0, count: 16)
        loopback[15] = 1
        #expect(!AddressGuard.isPublic(ipv6: loopback))
        #expect(!AddressGuard.isPublic(ipv6: [UInt8](repeating: 0, count: 16)))
        let mappedLoopback: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 127, 0, 0, 1]
        #expect(!AddressGuard.isPublic(ipv6: mappedLoopback))
        let mappedPublic: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 202, 108, 22, 5]
        #expect(AddressGuard.isPublic(ipv6: mappedPublic))
        #expect(!AddressGuard.isPublic(ipv6: [0xFE, 0x80] + [UInt8](repeating: 0, count: 14)))
        #expect(!AddressGuard.isPublic(ipv6: [0xFD, 0x12] + [UInt8](repeating: 1, count: 14)))
        #expect(!AddressGuard.isPublic(ipv6: [0xFF, 0x02] + [UInt8](repeating: 0, count: 14)))
        #expect(AddressGuard.isPublic(ipv6: [0x24, 0x0E] + [UInt8](repeating: 1, count: 14)))
    }
}
