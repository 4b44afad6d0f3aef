package io.slipstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

  @Test
  void shouldUseTheDocumentedDefaults() {
    BenchmarkOptions options = BenchmarkOptions.parse(new String[0], new Properties());

    assertThat(options.events()).isEqualTo(5_000_000);
    assertThat(options.partitions()).isEqualTo(2);
    assertThat(options.variants())
        .containsExactly(
            Variant.PLAIN_CONSUMER,
            Variant.STREAMS_FLOOR,
            Variant.SLIPSTREAM,
            Variant.NAIVE_DSL_TUMBLING,
            Variant.NAIVE_DSL);
    assertThat(options.repeats()).isEqualTo(3);
    assertThat(options.baselineTimeLimit()).isEqualTo(Duration.ofMinutes(2));
    assertThat(options.doc()).isNull();
    assertThat(options.slipstreamOverrides()).isEmpty();
  }

  @Test
  void shouldLetArgumentsWinOverSystemPropertiesAndThoseOverDefaults() {
    Properties system = new Properties();
    system.setProperty("bench.events", "2_000_000");
    system.setProperty("bench.seed", "7");
    system.setProperty("unrelated.events", "1");

    BenchmarkOptions options =
        BenchmarkOptions.parse(new String[] {"--events=20000", "--jfr=false"}, system);

    assertThat(options.events()).isEqualTo(20_000);
    assertThat(options.seed()).isEqualTo(7);
    assertThat(options.jfr()).isFalse();
  }

  @Test
  void shouldParseVariantsAndOverrides() {
    BenchmarkOptions options =
        BenchmarkOptions.parse(
            new String[] {
              "--variants=slipstream,naive-dsl",
              "--slipstream-overrides=max.task.idle.ms=-1,commit.interval.ms=5000"
            },
            new Properties());

    assertThat(options.variants()).containsExactly(Variant.SLIPSTREAM, Variant.NAIVE_DSL);
    assertThat(options.slipstreamOverrides())
        .isEqualTo(Map.of("max.task.idle.ms", "-1", "commit.interval.ms", "5000"));
    assertThat(
            BenchmarkOptions.parseSettings(
                BenchmarkOptions.formatSettings(options.slipstreamOverrides())))
        .isEqualTo(options.slipstreamOverrides());
  }

  @Test
  void shouldRefuseWhatItCannotRun() {
    Properties none = new Properties();
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--variants=kafka"}, none))
        .hasMessageContaining("unknown variant 'kafka'");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--events=0"}, none))
        .hasMessageContaining("--events");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"events=3"}, none))
        .hasMessageContaining("--name=value");
    assertThatThrownBy(() -> BenchmarkOptions.parse(new String[] {"--disorder-ms=90000"}, none))
        .hasMessageContaining("grace");
  }
}
