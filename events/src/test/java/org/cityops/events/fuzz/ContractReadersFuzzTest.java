package org.cityops.events.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.function.Function;
import org.cityops.events.ContractViolation;
import org.cityops.events.ControlRecords;
import org.cityops.events.EventJson;
import org.cityops.events.RainRuleChange;
import org.cityops.events.Reading;
import org.cityops.events.ReadingKindPeek;
import org.cityops.events.SensorKind;

/**
 * Every contract reader the jobs and the console run on bytes from Kafka or HTTP (readings,
 * residents' reports, case notifications, incidents, operators' control messages, subscriptions,
 * CAP alerts, rule changes, rejects), whatever the bytes: either a {@link ContractViolation} naming
 * the field, or {@link EventJson.MalformedJsonException}; never another exception (which would fail
 * the job it runs in). What a reader accepts must survive its own round trip: written out and read
 * back, it is the same record (so what a job forwards, the next job reads). The look at a reading's
 * kind that lets a job pass over other kinds unparsed never fails either, and for every reading the
 * reader accepts it names the kind read. Plain runs replay the saved inputs; {@code ./fuzz.sh}
 * fuzzes.
 */
class ContractReadersFuzzTest {
  private static final List<Function<byte[], ?>> READERS =
      List.of(
          EventJson::readReading,
          EventJson::readReport,
          EventJson::readCase,
          EventJson::readIncident,
          EventJson::readControl,
          EventJson::readSubscription,
          EventJson::readAlert,
          EventJson::readRainRuleChange,
          EventJson::readRejected);

  @FuzzTest(maxDuration = "30s")
  @DictionaryFile(resourcePath = "contract.dict")
  void everyRecordIsAcceptedWholeOrRefusedWithAReason(FuzzedDataProvider data) {
    Function<byte[], ?> reader = READERS.get(data.consumeInt(0, READERS.size() - 1));
    byte[] payload = data.consumeRemainingAsBytes();
    // telling the control topic's two kinds apart never fails either
    boolean ruleChange = ControlRecords.isRuleChange(payload);
    SensorKind peeked = ReadingKindPeek.of(payload);
    Object accepted;
    try {
      accepted = reader.apply(payload);
    } catch (ContractViolation refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    } catch (EventJson.MalformedJsonException refused) {
      return;
    }
    assertThat(accepted).isNotNull();
    if (accepted instanceof Reading reading) {
      assertThat(peeked)
          .as("the kind a job looks at is the kind it would parse")
          .isEqualTo(reading.kind());
    }
    if (accepted instanceof RainRuleChange) {
      assertThat(ruleChange).as("an accepted rule change is read as one").isTrue();
    }
    assertThat(reader.apply(EventJson.write(accepted))).isEqualTo(accepted);
  }
}
