package org.cityops.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read as a JSON tree, with the line each value stands on, so that every problem
 * found in it (by a schema or by a rule's own checks) can name its line. Duplicate keys are refused
 * (YAML allows the last to win silently, which hides a typo'd threshold). Places are JSON pointers
 * ({@code /rules/0/strong-mm}).
 */
public final class YamlDocument {
  /** Rule files are a few kilobytes; anything this large is a mistake, or hostile. */
  public static final int MAX_BYTES = 1 << 20;

  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

  private final String name;
  private final JsonNode root;
  private final Map<String, Integer> lines;

  private YamlDocument(String name, JsonNode root, Map<String, Integer> lines) {
    this.name = name;
    this.root = root;
    this.lines = lines;
  }

  /**
   * Reads {@code bytes} (UTF-8 YAML, one document) under {@code name}, the file name its problems
   * are reported against.
   *
   * @throws RuleFileException when it is too large, not YAML, or holds a key twice
   */
  public static YamlDocument parse(String name, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new RuleFileException(
          name, 0, "", "is " + bytes.length + " bytes, more than the " + MAX_BYTES + " allowed");
    }
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = YAML.createParser(bytes)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          continue;
        }
        lines.putIfAbsent(
            p.getParsingContext().pathAsPointer().toString(), p.currentTokenLocation().getLineNr());
      }
    } catch (JsonProcessingException e) {
      throw new RuleFileException(
          name,
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "",
          e.getOriginalMessage());
    } catch (IOException e) {
      throw new RuleFileException(name, 0, "", e.getMessage());
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new RuleFileException(name, 0, "", e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new RuleFileException(name, 1, "", "is empty");
    }
    return new YamlDocument(name, root, Map.copyOf(lines));
  }

  public String name() {
    return name;
  }

  public JsonNode root() {
    return root;
  }

  /** The line of the value at {@code pointer}, or of the nearest enclosing one; 0 if none. */
  public int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 0;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** A problem at {@code pointer}, named as {@code rules[0].strong-mm} with its line. */
  public RuleFileException problem(String pointer, String problem) {
    return new RuleFileException(name, lineOf(pointer), field(pointer), problem);
  }

  /** {@code /rules/0/strong-mm} as {@code rules[0].strong-mm}. */
  static String field(String pointer) {
    StringBuilder out = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      String name = part.replace("~1", "/").replace("~0", "~");
      if (name.matches("\\d+")) {
        out.append('[').append(name).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(name);
      }
    }
    return out.toString();
  }
}
