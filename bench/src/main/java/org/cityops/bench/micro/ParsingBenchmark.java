package org.cityops.bench.micro;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cityops.events.EventJson;
import org.cityops.events.GeoPoint;
import org.cityops.events.Reading;
import org.cityops.events.ReadingKindPeek;
import org.cityops.events.SensorKind;
import org.cityops.ingestion.parse.ParseException;
import org.cityops.ingestion.parse.ReadingParser;
import org.cityops.ingestion.parse.SensorTopic;
import org.cityops.jobs.common.ParsedReading;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing, where every reading starts: the bridge's parser on a device's native JSON and on a SenML
 * pack of 4 readings, the jobs' Kafka deserializer on one reading as the bridge wrote it, and the
 * look at its kind that a job taking other kinds makes instead of the full parse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParsingBenchmark {
  private static final SensorTopic GAUGE = new SensorTopic(SensorKind.RAIN_GAUGE, "barrinha");
  private static final Instant NOW = Instant.parse("2019-02-07T00:00:00Z");

  private final ReadingParser parser = new ReadingParser();
  private final byte[] nativeJson =
      EventJson.write(
          Reading.rain(
              "barrinha",
              Instant.parse("2019-02-06T22:00:00Z"),
              new GeoPoint(-23.008, -43.299),
              12.4));
  private final byte[] senmlPack =
      ("[{\"bn\":\"urn:dev:cityops:barrinha:\",\"bt\":1549490400,\"n\":\"lat\",\"u\":\"lat\","
              + "\"v\":-23.008},{\"n\":\"lon\",\"u\":\"lon\",\"v\":-43.299},"
              + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":12.4},"
              + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":3.2,\"t\":900},"
              + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":0.4,\"t\":1800},"
              + "{\"n\":\"rain\",\"u\":\"mm\",\"v\":0.0,\"t\":2700}]")
          .getBytes(StandardCharsets.UTF_8);

  @Benchmark
  public List<Reading> bridgeNativeJson() throws ParseException {
    return parser.parse(GAUGE, nativeJson, NOW);
  }

  @Benchmark
  public List<Reading> bridgeSenmlPackOf4() throws ParseException {
    return parser.parse(GAUGE, senmlPack, NOW);
  }

  @Benchmark
  public ParsedReading jobDeserializer() {
    return ParsedReading.parse(nativeJson, NOW.toEpochMilli());
  }

  @Benchmark
  public SensorKind jobKindPeek() {
    return ReadingKindPeek.of(nativeJson);
  }
}
