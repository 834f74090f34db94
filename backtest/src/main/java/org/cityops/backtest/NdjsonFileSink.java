package org.cityops.backtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.cityops.events.EventJson;

/**
 * Writes a bounded job's output as NDJSON, one file per subtask ({@code <name>-<subtask>.ndjson}).
 * For backtests: the files are complete once the job has finished, with nothing lost between the
 * job and the caller (unlike collecting results over the network from a cluster that shuts down).
 */
final class NdjsonFileSink<T> implements Sink<T> {
  private final String folder;
  private final String name;

  NdjsonFileSink(Path folder, String name) {
    this.folder = folder.toString();
    this.name = name;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    Path file =
        Path.of(folder)
            .resolve(name + "-" + context.getTaskInfo().getIndexOfThisSubtask() + ".ndjson");
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) throws IOException {
        out.write(EventJson.writeString(element));
        out.newLine();
      }

      @Override
      public void flush(boolean endOfInput) throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  /** Everything the sink wrote under {@code name}, file by file. */
  static <T> List<T> read(Path folder, String name, Class<T> type) throws IOException {
    List<T> values = new ArrayList<>();
    try (var files = Files.list(folder)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith(name + "-")).sorted().toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          values.add(EventJson.mapper().readValue(line, type));
        }
      }
    }
    return values;
  }
}
