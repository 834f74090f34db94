package org.cityops.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.cityops.embedded.SharedData;
import org.cityops.events.CapAlert;
import org.cityops.events.CapAlert.MsgType;
import org.cityops.events.CapXml;
import org.cityops.events.ControlMessage;
import org.cityops.events.Incident;
import org.cityops.events.IncidentType;
import org.cityops.events.PendingWarning;
import org.cityops.events.Severity;
import org.cityops.jobs.alerts.AlertsJob;
import org.cityops.jobs.alerts.AlertsJobConfig;
import org.cityops.jobs.alerts.WarningInput;
import org.cityops.jobs.common.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The public warnings of February 2019: the rain job's incidents of the real storms through the
 * alerts job at parallelism 2. Every CAP message must validate against OASIS' schema and follow
 * Alert → Update… → Cancel with complete references; Severe and Extreme warnings must wait for a
 * supervisor: without approvals none goes out, with them each goes out.
 */
class WarningsFromFebruary2019Test {
  @RegisterExtension static final MiniClusterExtension FLINK = February2019.miniCluster();

  private static Schema cap;
  private static List<Incident> incidents;

  @BeforeAll
  static void setUp() throws Exception {
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    cap = factory.newSchema(SharedData.root().resolve("standards/CAP-v1.2.xsd").toFile());
    incidents = February2019.backtest().incidents();
  }

  private record Run(List<CapAlert> alerts, List<PendingWarning> pending) {}

  private static Run run(List<ControlMessage> controls) throws Exception {
    AlertsJobConfig config =
        AlertsJobConfig.from(
            new Settings(Map.of("control.roster", "ana=supervisor,bruno=operator")));
    Configuration flink = new Configuration();
    org.cityops.jobs.common.PipelineDefaults.applyTo(flink); // as the jobs run
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
    env.setParallelism(2);
    // the replay interleaves each approval with the incidents at its event time, as it happened
    List<WarningInput> inputs = new ArrayList<>();
    incidents.forEach(i -> inputs.add(WarningInput.of(i)));
    controls.forEach(c -> inputs.add(WarningInput.of(c)));
    inputs.sort(
        Comparator.comparing(
                (WarningInput w) ->
                    w.incident() != null ? w.incident().updatedAt() : w.control().at())
            .thenComparing(w -> w.incident() == null));
    AlertsJob.Outputs out =
        AlertsJob.wireInOrder(
            env.fromData(inputs)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(
                    org.apache.flink.api.common.eventtime.WatermarkStrategy
                        .<WarningInput>forMonotonousTimestamps()
                        .withTimestampAssigner(
                            (w, ts) ->
                                (w.incident() != null ? w.incident().updatedAt() : w.control().at())
                                    .toEpochMilli()))
                .setParallelism(1),
            env.fromData(incidents)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(AlertsJob.incidentWatermarks(config))
                .setParallelism(1),
            config);
    Path folder = org.cityops.embedded.Dirs.tempDeletedAtExit("cityops-warnings-");
    out.alerts().sinkTo(new NdjsonFileSink<>(folder, "alerts"));
    out.pending().sinkTo(new NdjsonFileSink<>(folder, "pending"));
    env.execute("warnings-february-2019");
    return new Run(
        NdjsonFileSink.read(folder, "alerts", CapAlert.class),
        NdjsonFileSink.read(folder, "pending", PendingWarning.class));
  }

  private static boolean severeOrWorse(Severity s) {
    return s.compareTo(Severity.SEVERE) >= 0;
  }

  @Test
  void severeWarningsWaitForASupervisorAndEveryMessageIsValidCap() throws Exception {
    Run unapproved = run(List.of());
    // a supervisor approves each incident five minutes after it first reaches Severe
    Map<String, Incident> firstSevere = new LinkedHashMap<>();
    incidents.stream()
        .filter(i -> CapMessagesPublic.affectsPublic(i.type()) && severeOrWorse(i.severity()))
        .forEach(i -> firstSevere.putIfAbsent(i.incidentId(), i));
    List<ControlMessage> approvals = new ArrayList<>();
    firstSevere.forEach(
        (id, i) ->
            approvals.add(
                new ControlMessage(
                    "approve-" + id,
                    id,
                    ControlMessage.Action.APPROVE_WARNING,
                    "ana",
                    ControlMessage.Role.SUPERVISOR,
                    i.updatedAt().plus(Duration.ofMinutes(5)),
                    null,
                    null)));
    Run approved = run(approvals);

    assertThat(firstSevere).isNotEmpty();
    assertThat(unapproved.alerts())
        .as("no Severe or Extreme warning leaves without a supervisor")
        .noneMatch(a -> severeOrWorse(a.info().get(0).severity()));
    assertThat(unapproved.pending().stream().map(PendingWarning::incidentId).distinct())
        .containsAll(firstSevere.keySet());
    for (String id : firstSevere.keySet()) {
      assertThat(approved.alerts())
          .as("the approved warning of %s went out", id)
          .anyMatch(a -> a.incidentId().equals(id) && severeOrWorse(a.info().get(0).severity()));
    }

    for (Run r : List.of(unapproved, approved)) {
      assertSequences(r.alerts());
      var validator = cap.newValidator();
      for (CapAlert a : r.alerts()) {
        a.validate();
        validator.validate(new StreamSource(new ByteArrayInputStream(CapXml.write(a))));
      }
      assertThat(r.alerts()).noneMatch(a -> a.incidentId().startsWith("sensor_maintenance"));
    }
    Map<MsgType, Long> types =
        approved.alerts().stream()
            .collect(Collectors.groupingBy(CapAlert::msgType, TreeMap::new, Collectors.counting()));
    System.out.printf(
        "February 2019 warnings: without approvals %d CAP messages, %d pending notices; with %d"
            + " supervisor approvals %d messages %s, all valid CAP 1.2%n",
        unapproved.alerts().size(),
        unapproved.pending().size(),
        approvals.size(),
        approved.alerts().size(),
        types);
  }

  /** Per incident: Alert first, Cancel only last, each message referencing all earlier ones. */
  private static void assertSequences(List<CapAlert> alerts) {
    Map<String, List<CapAlert>> byIncident = new HashMap<>();
    alerts.forEach(a -> byIncident.computeIfAbsent(a.incidentId(), k -> new ArrayList<>()).add(a));
    Map<String, Incident> last = new HashMap<>();
    incidents.forEach(
        i -> last.merge(i.incidentId(), i, (a, b) -> a.version() >= b.version() ? a : b));
    byIncident.forEach(
        (id, messages) -> {
          messages.sort(Comparator.comparingLong(CapAlert::incidentVersion));
          assertThat(messages.get(0).msgType())
              .as("first message of %s", id)
              .isEqualTo(MsgType.Alert);
          for (int k = 1; k < messages.size(); k++) {
            assertThat(messages.get(k).references())
                .as("references of message %d of %s", k, id)
                .containsExactlyElementsOf(
                    messages.subList(0, k).stream().map(CapAlert::asReference).toList());
            if (k < messages.size() - 1) {
              assertThat(messages.get(k).msgType()).isEqualTo(MsgType.Update);
            }
          }
          boolean cleared = !last.get(id).status().isActive();
          assertThat(messages.get(messages.size() - 1).msgType() == MsgType.Cancel)
              .as("%s ends with a Cancel exactly when it cleared", id)
              .isEqualTo(cleared);
        });
    assertThat(alerts.stream().map(CapAlert::identifier).distinct().count())
        .isEqualTo(alerts.size());
  }

  /** Which kinds warn the public, as the alerts job decides it. */
  private static final class CapMessagesPublic {
    static boolean affectsPublic(IncidentType type) {
      return org.cityops.jobs.alerts.CapMessages.affectsPublic(type);
    }
  }
}
