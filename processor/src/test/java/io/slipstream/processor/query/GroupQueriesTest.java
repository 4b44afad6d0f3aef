package io.slipstream.processor.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipstream.avro.Outcome;
import io.slipstream.avro.RequestEvent;
import io.slipstream.contracts.Topics;
import io.slipstream.processor.metrics.RejectionCounts;
import io.slipstream.processor.query.ApiViews.GroupRowView;
import io.slipstream.processor.query.ApiViews.GroupsView;
import io.slipstream.processor.query.ApiViews.SloView;
import io.slipstream.processor.slo.corrections.CorrectionRegistry;
import io.slipstream.processor.slo.engine.SloGroup;
import io.slipstream.processor.slo.engine.SloRegistry;
import io.slipstream.processor.slo.sla.SlaRegistry;
import io.slipstream.processor.slo.spec.OpenSloParser;
import io.slipstream.processor.slo.spec.SloDefinition;
import io.slipstream.processor.topology.SliSettings;
import io.slipstream.processor.topology.SlipstreamTopology;
import io.slipstream.processor.topology.SloSettings;
import io.slipstream.processor.validation.ValidationLimits;
import io.slipstream.serde.AvroSerializer;
import io.slipstream.serde.SchemaRegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queries about a grouped SLO's instances against the production topology's stores: five
 * customers' checkout requests for 30 minutes, one of them failing one request in five.
 */
class GroupQueriesTest {
  private static final long T0 = 1_700_002_800_000L;
  private static final List<String> CUSTOMERS =
      List.of("acme", "globex", "hooli", "initech", "umbrella");
  private static final String FAILING = "initech";

  private TopologyTestDriver driver;
  private Topics topics;
  private SloDefinition slo;
  private GroupQueries queries;
  private QueryClock.Now now;

  @BeforeEach
  void run() throws Exception {
    String registryUrl = "mem://" + UUID.randomUUID();
    Map<String, Object> serdeConfig = Map.of(SchemaRegistrySettings.URL, registryUrl);
    topics = Topics.withPrefix("groups-");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "groups-" + UUID.randomUUID());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
    props.put(
        StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("slipstream-groups-").toString());
    SliSettings settings =
        SliSettings.defaults()
            .withLimits(
                ValidationLimits.defaults()
                    .withMaxFutureSkew(null)
                    .withMaxAge(Duration.ofDays(30)));
    String yaml =
        Files.readString(Path.of("../examples/slos/checkout-availability-by-customer.yaml"));
    slo = OpenSloParser.parse("by-customer.yaml", yaml).definitions().get(0);
    driver =
        new TopologyTestDriver(
            SlipstreamTopology.build(
                settings,
                SloSettings.defaults(),
                topics,
                serdeConfig,
                new SloRegistry(),
                new CorrectionRegistry(),
                new SlaRegistry(),
                new RejectionCounts()),
            props,
            Instant.ofEpochMilli(T0));
    driver
        .createInputTopic(
            topics.sloDefinitions().name(), new StringSerializer(), new StringSerializer())
        .pipeInput(slo.id(), yaml);
    AvroSerializer<RequestEvent> serializer = new AvroSerializer<>();
    serializer.configure(serdeConfig, false);
    var requests =
        driver.createInputTopic(topics.requestEvents().name(), new StringSerializer(), serializer);
    int index = 0;
    for (long t = T0; t < T0 + 30 * 60_000; t += 5_000, index++) {
      for (String customer : CUSTOMERS) {
        boolean fails = customer.equals(FAILING) && index % 5 == 0;
        requests.pipeInput(
            "checkout",
            RequestEvent.newBuilder()
                .setService("checkout")
                .setOperation("POST /checkout")
                .setTimestamp(Instant.ofEpochMilli(t))
                .setLatencyMicros(10_000)
                .setStatusCode(fails ? 503 : 200)
                .setOutcome(fails ? Outcome.ERROR : Outcome.SUCCESS)
                .setAttributes(Map.of("customer", customer))
                .build());
      }
    }
    DriverStores stores = new DriverStores(driver);
    queries = new GroupQueries(stores, new LocalQueries(stores, 10_000, new CorrectionRegistry()));
    now = new QueryClock(stores, () -> 0L).at(0);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void shouldKeyEveryRecordOfAnInstanceByItsInstanceId() {
    List<String> burnRateKeys =
        driver
            .createOutputTopic(
                topics.sloBurnRates().name(), new StringDeserializer(), new ByteArrayDeserializer())
            .readKeyValuesToList()
            .stream()
            .map(record -> record.key)
            .distinct()
            .toList();
    assertThat(burnRateKeys)
        .containsExactlyInAnyOrderElementsOf(
            CUSTOMERS.stream().map(c -> slo.id() + "{customer=\"" + c + "\"}").toList());
    assertThat(
            driver
                .createOutputTopic(
                    topics.sloAlerts().name(),
                    new StringDeserializer(),
                    new ByteArrayDeserializer())
                .readKeyValuesToList())
        .isNotEmpty()
        .allSatisfy(
            record -> assertThat(record.key).isEqualTo(slo.id() + "{customer=\"initech\"}"));
  }

  @Test
  void shouldListEveryInstanceWithItsBudgetBurnRatesAndAlertState() {
    List<GroupQueries.Instance> instances = queries.instances(slo, 0);

    assertThat(instances)
        .extracting(instance -> instance.row().key())
        .containsExactly(
            "customer=\"acme\"",
            "customer=\"globex\"",
            "customer=\"hooli\"",
            "customer=\"initech\"",
            "customer=\"umbrella\"");
    GroupRowView failing = instances.get(3).row();
    assertThat(failing.group()).isEqualTo(Map.of("customer", FAILING));
    assertThat(failing.alertState()).isEqualTo("PAGE");
    assertThat(failing.errorBudgetRemaining()).isNegative();
    assertThat(failing.sli()).isBetween(0.79, 0.81);
    assertThat(failing.periodTotalEvents()).isBetween(340L, 360L);
    assertThat(failing.burnRates().keySet()).containsExactly("1h", "5m");
    assertThat(failing.burnRates().get("5m")).isBetween(150.0, 250.0);
    assertThat(instances.get(3).page()).isNotNull();
    GroupRowView healthy = instances.get(0).row();
    assertThat(healthy.alertState()).isEqualTo("OK");
    assertThat(healthy.errorBudgetRemaining()).isEqualTo(1.0);
    assertThat(healthy.burnRates()).containsEntry("1h", 0.0);
  }

  @Test
  void shouldSortByBudgetFilterAndPage() {
    List<GroupQueries.Instance> instances = queries.instances(slo, 0);

    GroupsView first = new GroupsQuery("budget", null, 0, 2).answer(slo, instances, now);
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.instances()).isEqualTo(5);
    assertThat(first.firingPage()).isEqualTo(1);
    assertThat(first.groupedBy()).containsExactly("customer");
    // The failing customer first, then the others by key: their budgets tie.
    assertThat(first.groups())
        .extracting(GroupRowView::key)
        .containsExactly("customer=\"initech\"", "customer=\"acme\"");
    GroupsView last = new GroupsQuery("budget", null, 4, 2).answer(slo, instances, now);
    assertThat(last.groups())
        .extracting(GroupRowView::key)
        .containsExactly("customer=\"umbrella\"");
    assertThat(new GroupsQuery("budget", null, 9, 2).answer(slo, instances, now).groups())
        .isEmpty();

    GroupsView byKey = new GroupsQuery("key", null, 0, 50).answer(slo, instances, now);
    assertThat(byKey.groups()).extracting(GroupRowView::key).startsWith("customer=\"acme\"");
    GroupsView firing = new GroupsQuery("budget", "firing", 0, 50).answer(slo, instances, now);
    assertThat(firing.total()).isEqualTo(1);
    assertThat(firing.instances()).isEqualTo(5);
    assertThat(firing.groups())
        .extracting(GroupRowView::key)
        .containsExactly("customer=\"initech\"");
    assertThat(new GroupsQuery("budget", "ok", 0, 50).answer(slo, instances, now).total())
        .isEqualTo(4);
  }

  @Test
  void shouldSummarizeAGroupedSloInsteadOfGivingItAStatus() {
    LocalQueries local =
        new LocalQueries(new DriverStores(driver), 10_000, new CorrectionRegistry());
    SloView view = queries.summarized(local.slo(slo, 0, 0, now), slo, 0);

    assertThat(view.status()).isNull();
    assertThat(view.groupedBy()).containsExactly("customer");
    assertThat(view.alertState()).isEqualTo("PAGE");
    assertThat(view.alerts().get(0).firing()).isTrue();
    assertThat(view.alerts().get(0).since()).isNotNull();
    assertThat(view.groups().instances()).isEqualTo(5);
    assertThat(view.groups().firingPage()).isEqualTo(1);
    assertThat(view.groups().worst()).hasSize(GroupQueries.WORST);
    assertThat(view.groups().worst().get(0).key()).isEqualTo("customer=\"initech\"");
  }

  @Test
  void shouldShowOneInstanceLikeAnSloWithItsHistory() {
    SloGroup initech = new SloGroup(slo.id(), List.of("customer"), List.of(FAILING));

    SloView view = queries.instance(slo, initech, 0, Duration.ofMinutes(30).toMillis(), now);

    assertThat(view.id()).isEqualTo(slo.id());
    assertThat(view.groupKey()).isEqualTo("customer=\"initech\"");
    assertThat(view.group()).isEqualTo(Map.of("customer", FAILING));
    assertThat(view.alertState()).isEqualTo("PAGE");
    assertThat(view.status().periodTotalEvents()).isBetween(340L, 360L);
    assertThat(view.history().minutes()).hasSize(30);
    assertThat(view.history().burnRates().get("5m")).filteredOn(rate -> rate != null).isNotEmpty();
    assertThat(
            queries.instance(
                slo, new SloGroup(slo.id(), List.of("customer"), List.of("nobody")), 0, 0, now))
        .isNull();
  }
}
