package org.cityops.ingestion.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.cityops.events.CitizenReport;
import org.cityops.events.EventJson;
import org.cityops.events.RejectReason;
import org.cityops.events.ReportCategory;
import org.cityops.ingestion.parse.ParseException;
import org.cityops.ingestion.reject.Pseudonymizer;
import org.junit.jupiter.api.Test;

class ReportIntakeTest {
  private final Pseudonymizer pseudonymizer =
      Pseudonymizer.fromSecret("a-test-key-of-enough-length");
  private final ReportIntake intake = new ReportIntake(pseudonymizer);

  private static final String REPORT =
      "{\"reportId\":\"r-1\",\"category\":\"flooding\",\"time\":\"2019-02-06T21:40:00Z\","
          + "\"location\":{\"lat\":-22.97,\"lon\":-43.39},\"text\":\"Água na altura do joelho, liguem 21 99876-5432\","
          + "\"reporter\":\"+55 21 99876-5432\",\"name\":\"Maria da Silva\"}";

  private CitizenReport parse(String json) throws ParseException {
    return intake.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void reporterBecomesAStablePseudonymAndPersonalDataIsGone() throws ParseException {
    CitizenReport report = parse(REPORT);
    assertThat(report.category()).isEqualTo(ReportCategory.FLOODING);
    assertThat(report.reporterId())
        .matches("p-[0-9a-f]{32}")
        .isEqualTo(pseudonymizer.pseudonym("+55 21 99876-5432"));
    assertThat(report.text()).isEqualTo("Água na altura do joelho, liguem [phone]");
    String json = EventJson.writeString(report);
    assertThat(json).doesNotContain("99876").doesNotContain("Maria").doesNotContain("reporter\"");
  }

  @Test
  void senderCannotChooseItsOwnPseudonym() throws ParseException {
    CitizenReport report =
        parse(REPORT.replace("\"reporter\":", "\"reporterId\":\"p-forged\",\"reporter\":"));
    assertThat(report.reporterId()).isEqualTo(pseudonymizer.pseudonym("+55 21 99876-5432"));
  }

  @Test
  void missingReporterIsRefused() {
    assertThatThrownBy(() -> parse(REPORT.replace("\"reporter\":\"+55 21 99876-5432\",", "")))
        .hasMessage("field 'reporter' is required")
        .extracting(e -> ((ParseException) e).reason())
        .isEqualTo(RejectReason.INVALID_FIELD);
  }

  @Test
  void unknownCategoryNamesTheField() {
    assertThatThrownBy(() -> parse(REPORT.replace("flooding", "alien_invasion")))
        .hasMessageStartingWith("field 'category' is malformed");
  }

  @Test
  void scrubbedRejectionCarriesNoPhoneNumberOrName() {
    String scrubbed = intake.scrub(REPORT.replace("flooding", "alien_invasion"));
    assertThat(scrubbed)
        .doesNotContain("99876")
        .doesNotContain("Maria")
        .contains(pseudonymizer.pseudonym("+55 21 99876-5432"))
        .contains("alien_invasion");
    assertThat(intake.scrub("not json, call +55 (21) 99876-5432"))
        .isEqualTo("not json, call [phone]");
  }
}
