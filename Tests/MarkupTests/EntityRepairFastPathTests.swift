import Testing

@testable import Markup

/// The fast check that skips the repair pass must flag everything the pass would change.
struct EntityRepairFastPathTests {
    @Test func wellFormedReferencesNeedNoRepair() {
        for text in ["&lt;p&gt; &amp; &quot;&apos;", "&#20013;&#x4e2d;&#x4E2D;", "no ampersand", "&#1234567;"] {
            #expect(!EntityRepair.needsRepair(Array(text.utf8)), "\(text)")
            #expect(EntityRepair.repair(text).repaired.isEmpty, "\(text)")
        }
    }

    @Test func everythingThePassWouldChangeIsFlagged() {
        for text in ["&nbsp;", "&#X4e2d;", "a & b", "&#12345678;", "&amp", "&#;", "&#xg;", "&copy;", "AT&T"] {
            #expect(EntityRepair.needsRepair(Array(text.utf8)), "\(text)")
            #expect(!EntityRepair.repair(text).repaired.isEmpty, "\(text)")
        }
    }
}
