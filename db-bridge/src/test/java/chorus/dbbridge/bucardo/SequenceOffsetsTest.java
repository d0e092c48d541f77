package chorus.dbbridge.bucardo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sequence offsets and catalog addresses, the parts of the plan that are arithmetic and parsing. */
class SequenceOffsetsTest {
  private static Schema.Sequence seq(long increment, long next) {
    return new Schema.Sequence("public.songs_id_seq", "public.songs", "id", increment, next);
  }

  @Test
  void theModulusLeavesRoomAndKeepsAnIncrementAlreadyInUse() {
    assertEquals(10, SequenceOffsets.modulus(3, List.of()));
    assertEquals(10, SequenceOffsets.modulus(5, List.of()));
    assertEquals(100, SequenceOffsets.modulus(6, List.of()));
    Schema s = new Schema(Map.of(), Map.of("x", seq(1000, 7)));
    assertEquals(1000, SequenceOffsets.modulus(3, List.of(s)));
    assertEquals(10, SequenceOffsets.modulus(3, List.of(new Schema(Map.of(), Map.of("x", seq(1, 7))))));
  }

  @Test
  void theNextFreeValueOfTheResidueAboveEveryHostsIds() {
    // Stock: next 5 on this host, but another host already used 121.
    Optional<String> fix = SequenceOffsets.fix(seq(1, 5), 10, 2, List.of(Map.of(4L, 4L), Map.of(1L, 121L)));
    assertEquals(Optional.of("ALTER SEQUENCE public.songs_id_seq INCREMENT BY 10 MINVALUE 1 START WITH 122"
        + " RESTART WITH 122"), fix);
    // In shape: increment 10, next 132 ≡ 2, above the highest id ≡ 2 anywhere (122); 131 of node 1 is no matter.
    assertEquals(Optional.empty(), SequenceOffsets.fix(seq(10, 132), 10, 2, List.of(Map.of(2L, 122L, 1L, 131L))));
    // Someone ran setval(max(id)) on this host: its next value left its residue.
    assertEquals(Optional.of("ALTER SEQUENCE public.songs_id_seq INCREMENT BY 10 MINVALUE 1 START WITH 142"
        + " RESTART WITH 142"), SequenceOffsets.fix(seq(10, 135), 10, 2, List.of(Map.of(2L, 122L, 1L, 131L))));
  }

  @Test
  void catalogUrlsAreParsedStrictly() {
    BucardoNode n = BucardoNode.of("b", "jdbc:postgresql://10.0.0.2:6543/archive_production?sslmode=require");
    assertEquals(List.of("10.0.0.2", 6543, "archive_production"), List.of(n.host(), n.port(), n.dbname()));
    assertEquals(5432, BucardoNode.of("c", "jdbc:postgresql://[fd00::3]/db").port());
    assertThrows(IllegalArgumentException.class, () -> BucardoNode.of("a", "jdbc:postgresql:archive"));
    assertThrows(IllegalArgumentException.class, () -> BucardoNode.of("a", "jdbc:postgresql://h/db?password=x"));
    assertThrows(IllegalArgumentException.class, () -> BucardoNode.of("A b", "jdbc:postgresql://h/db"));
    assertEquals("nas_keller", BucardoNode.nameFor("NAS-Keller"));
    assertEquals("h_1box", BucardoNode.nameFor("1box"));
  }
}
