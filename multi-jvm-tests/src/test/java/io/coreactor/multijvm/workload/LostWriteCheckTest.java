package io.coreactor.multijvm.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lost-write check accepts what a correct store leaves behind and names what a lossy one does. */
class LostWriteCheckTest {

  private static final List<AckedWrite> ACKED = List.of(
      new AckedWrite("a", "a1", 2), new AckedWrite("b", "b1", 3), new AckedWrite("a", "a2", 4));

  @Test
  void aStoreThatKeptEveryAcknowledgedWritePasses() {
    Map<String, FinalValue> finals = Map.of("a", new FinalValue("a", "a2", 4), "b", new FinalValue("b", "b9", 7));
    assertThat(LostWriteCheck.check(ACKED, finals, 7, Set.of())).isEmpty();
  }

  @Test
  void aKeyThatWentBackToAnOlderRevisionLostAWrite() {
    Map<String, FinalValue> finals = Map.of("a", new FinalValue("a", "a1", 2), "b", new FinalValue("b", "b1", 3));
    assertThat(LostWriteCheck.check(ACKED, finals, 4, Set.of()))
        .singleElement().asString().contains("key a ends at mod revision 2").contains("put a = a2 @4");
  }

  @Test
  void anotherValueAtTheAcknowledgedRevisionIsALoss() {
    Map<String, FinalValue> finals = Map.of("a", new FinalValue("a", "zz", 4), "b", new FinalValue("b", "b1", 3));
    assertThat(LostWriteCheck.check(ACKED, finals, 4, Set.of())).singleElement().asString().contains("ends with zz");
  }

  @Test
  void aRevisionBeyondTheFinalOneIsALoss() {
    Map<String, FinalValue> finals = Map.of("a", new FinalValue("a", "a2", 4), "b", new FinalValue("b", "b1", 3));
    assertThat(LostWriteCheck.check(ACKED, finals, 3, Set.of()))
        .anySatisfy(v -> assertThat(v).contains("beyond the final revision 3"));
  }

  @Test
  void anAbsentKeyIsALossUnlessSomeoneDeletedIt() {
    Map<String, FinalValue> finals = Map.of("a", FinalValue.absent("a"), "b", new FinalValue("b", "b1", 3));
    assertThat(LostWriteCheck.check(ACKED, finals, 4, Set.of())).singleElement().asString().contains("key a is absent");
    assertThat(LostWriteCheck.check(ACKED, finals, 5, Set.of("a"))).isEmpty();
  }

  @Test
  void twoAcknowledgedPutsCannotShareARevision() {
    List<AckedWrite> acked = List.of(new AckedWrite("a", "a1", 2), new AckedWrite("b", "b1", 2));
    Map<String, FinalValue> finals = Map.of("a", new FinalValue("a", "a1", 2), "b", new FinalValue("b", "b1", 2));
    assertThat(LostWriteCheck.check(acked, finals, 2, Set.of())).singleElement().asString().contains("share revision 2");
  }
}
