package io.slipstream.ingest.spool;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

  @TempDir Path dir;

  private static final SpoolOptions OPTIONS = SpoolOptions.defaults();

  @Test
  void shouldReadRecordsBackInAppendOrder() {
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      for (int i = 0; i < 100; i++) {
        assertThat(spool.append(bytes("event-" + i))).isTrue();
      }
      assertThat(readAll(spool)).containsExactlyElementsOf(expected(0, 100));
      assertThat(spool.hasUnread()).isFalse();
    }
  }

  @Test
  void shouldReplayUnacknowledgedRecordsAfterReopening() {
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      for (int i = 0; i < 10; i++) {
        spool.append(bytes("event-" + i));
      }
      SpoolEntry third = null;
      for (int i = 0; i < 3; i++) {
        third = spool.readNext().orElseThrow();
      }
      spool.acknowledge(third.endPosition());
      // read further without acknowledging: these must come back after a restart
      spool.readNext();
      spool.readNext();
    }
    try (Spool reopened = Spool.open(dir, OPTIONS)) {
      assertThat(readAll(reopened)).containsExactlyElementsOf(expected(3, 10));
    }
  }

  @Test
  void shouldTruncateTheFileOnceEverythingIsAcknowledged() throws IOException {
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      spool.append(bytes("a"));
      spool.append(bytes("b"));
      spool.readNext();
      SpoolEntry last = spool.readNext().orElseThrow();
      spool.acknowledge(last.endPosition());
      assertThat(spool.sizeBytes()).isZero();
      assertThat(spool.unacknowledgedBytes()).isZero();
      spool.append(bytes("c"));
      assertThat(readAll(spool)).containsExactly("c");
    }
    assertThat(Files.size(dir.resolve(Spool.LOG_FILE))).isEqualTo(Spool.HEADER_BYTES + 1);
  }

  @Test
  void shouldDiscardATornTailAndKeepTheRecordsBeforeIt() throws IOException {
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      for (int i = 0; i < 5; i++) {
        spool.append(bytes("event-" + i));
      }
    }
    Path log = dir.resolve(Spool.LOG_FILE);
    long intact = Files.size(log);
    // A crash in the middle of an append: a header announcing 100 bytes, and only 3 of them.
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.APPEND)) {
      channel.write(ByteBuffer.allocate(11).putInt(100).putInt(12345).put(bytes("abc")).flip());
    }

    try (Spool spool = Spool.open(dir, OPTIONS)) {
      assertThat(spool.corruptBytesDiscarded()).isEqualTo(11);
      assertThat(Files.size(log)).isEqualTo(intact);
      spool.append(bytes("after-recovery"));
      List<String> all = readAll(spool);
      assertThat(all).hasSize(6).startsWith("event-0").endsWith("after-recovery");
    }
  }

  @Test
  void shouldDiscardALastRecordWhoseChecksumDoesNotMatch() throws IOException {
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      spool.append(bytes("first"));
      spool.append(bytes("second"));
    }
    Path log = dir.resolve(Spool.LOG_FILE);
    byte[] content = Files.readAllBytes(log);
    content[content.length - 1] ^= 0x01; // flip one bit of "second"
    Files.write(log, content);

    try (Spool spool = Spool.open(dir, OPTIONS)) {
      assertThat(readAll(spool)).containsExactly("first");
      assertThat(spool.corruptBytesDiscarded()).isEqualTo(Spool.HEADER_BYTES + 6);
    }
  }

  @Test
  void shouldTreatAnImpossibleLengthAsTheEndOfTheLog() throws IOException {
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      spool.append(bytes("only"));
    }
    try (FileChannel channel =
        FileChannel.open(dir.resolve(Spool.LOG_FILE), StandardOpenOption.APPEND)) {
      channel.write(ByteBuffer.allocate(8).putInt(-7).putInt(0).flip());
    }
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      assertThat(readAll(spool)).containsExactly("only");
    }
  }

  @Test
  void shouldReplayEverythingWhenTheCheckpointIsCorrupt() throws IOException {
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      spool.append(bytes("x"));
      spool.append(bytes("y"));
      spool.acknowledge(spool.readNext().orElseThrow().endPosition());
    }
    Files.write(dir.resolve(Spool.CHECKPOINT_FILE), new byte[] {1, 2, 3});
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      assertThat(readAll(spool)).containsExactly("x", "y");
    }
  }

  @Test
  void shouldRefuseAppendsBeyondTheCap() {
    long cap = 10 * (Spool.HEADER_BYTES + 8L); // room for exactly ten 8-byte payloads
    try (Spool spool = Spool.open(dir, OPTIONS.withCapBytes(cap))) {
      int accepted = 0;
      for (int i = 0; i < 25; i++) {
        if (spool.append(bytes(String.format("rec-%04d", i)))) {
          accepted++;
        }
      }
      assertThat(accepted).isEqualTo(10);
      assertThat(spool.sizeBytes()).isEqualTo(cap);
      assertThat(readAll(spool)).containsExactlyElementsOf(expectedFormatted(0, 10));
    }
    try (Spool reopened = Spool.open(dir, OPTIONS.withCapBytes(cap))) {
      assertThat(reopened.append(bytes("one-more"))).isFalse();
    }
  }

  @Test
  void shouldAcceptAppendsAgainOnceTheBacklogIsAcknowledged() {
    long cap = 2 * (Spool.HEADER_BYTES + 4L);
    try (Spool spool = Spool.open(dir, OPTIONS.withCapBytes(cap))) {
      assertThat(spool.append(bytes("aaaa"))).isTrue();
      assertThat(spool.append(bytes("bbbb"))).isTrue();
      assertThat(spool.append(bytes("cccc"))).isFalse();
      spool.readNext();
      spool.acknowledge(spool.readNext().orElseThrow().endPosition());
      assertThat(spool.append(bytes("cccc"))).isTrue();
    }
  }

  @Test
  void shouldKeepRecordsLargerThanTheWriteBuffer() {
    byte[] large = new byte[200_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) i;
    }
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      spool.append(bytes("small"));
      spool.append(large);
      spool.append(bytes("tail"));
    }
    try (Spool spool = Spool.open(dir, OPTIONS.withFsyncPolicy(FsyncPolicy.ALWAYS))) {
      assertThat(new String(spool.readNext().orElseThrow().payload(), UTF_8)).isEqualTo("small");
      assertThat(spool.readNext().orElseThrow().payload()).isEqualTo(large);
      assertThat(new String(spool.readNext().orElseThrow().payload(), UTF_8)).isEqualTo("tail");
      assertThat(spool.readNext()).isEmpty();
    }
  }

  @Test
  void shouldRefuseASecondSpoolOnTheSameDirectory() {
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      assertThatThrownBy(() -> Spool.open(dir, OPTIONS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use");
      spool.append(bytes("still usable"));
    }
    try (Spool again = Spool.open(dir, OPTIONS)) {
      assertThat(readAll(again)).containsExactly("still usable");
    }
  }

  @Test
  void shouldRejectAcknowledgingWhatWasNotRead() {
    try (Spool spool = Spool.open(dir, OPTIONS)) {
      spool.append(bytes("a"));
      assertThatThrownBy(() -> spool.acknowledge(Spool.HEADER_BYTES + 1))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private static List<String> readAll(Spool spool) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 1_000_000; i++) {
      Optional<SpoolEntry> entry = spool.readNext();
      if (entry.isEmpty()) {
        break;
      }
      values.add(new String(entry.get().payload(), UTF_8));
    }
    return values;
  }

  private static List<String> expected(int from, int to) {
    List<String> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      values.add("event-" + i);
    }
    return values;
  }

  private static List<String> expectedFormatted(int from, int to) {
    List<String> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      values.add(String.format("rec-%04d", i));
    }
    return values;
  }
}
