package org.cityops.rules;

import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * A document checked against a JSON Schema (2020-12), its problems with their lines. The schema's
 * messages name the field; the document knows its line. Problems are reported all at once, in the
 * order they stand in the file.
 */
public final class SchemaCheck {
  private final JsonSchema schema;

  private SchemaCheck(JsonSchema schema) {
    this.schema = schema;
  }

  /** The schema at {@code resource} on this module's class path. */
  public static SchemaCheck of(String resource) {
    try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no schema " + resource + " on the class path");
      }
      return new SchemaCheck(
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every problem of {@code doc}, in file order; empty when it conforms. */
  public List<RuleFileException> problems(YamlDocument doc) {
    // one problem may be found through two paths of the schema (an allOf branch and the rule)
    java.util.Map<String, RuleFileException> byMessage = new java.util.LinkedHashMap<>();
    schema.validate(doc.root()).stream()
        .map(m -> problem(doc, m))
        .forEach(e -> byMessage.putIfAbsent(e.getMessage(), e));
    return byMessage.values().stream()
        .sorted(
            Comparator.comparingInt(RuleFileException::line)
                .thenComparing(RuleFileException::field))
        .toList();
  }

  /** Throws every problem of {@code doc} as one refusal, one problem a line. */
  public void check(YamlDocument doc) {
    List<RuleFileException> problems = problems(doc);
    if (!problems.isEmpty()) {
      throw RuleFileException.all(problems);
    }
  }

  private static RuleFileException problem(YamlDocument doc, ValidationMessage m) {
    String pointer = pointer(m.getInstanceLocation());
    // "required" and "unevaluatedProperties" are reported on the object; the property they name
    // is where the reader must look (or add)
    String property = m.getProperty();
    if (property != null
        && ("unevaluatedProperties".equals(m.getType())
            || "additionalProperties".equals(m.getType()))) {
      pointer = pointer + "/" + property;
    }
    String error = m.getError() == null ? m.getMessage() : m.getError();
    if ("false".equals(m.getType())) {
      error = "is not a setting of this rule's detector";
    } else if ("pattern".equals(m.getType()) && pointer.startsWith("/holds/")) {
      error = "must be a number and a unit (500ms, 90s, 30m, 2h, 1d), was " + m.getInstanceNode();
    }
    return doc.problem(pointer, error);
  }

  private static String pointer(JsonNodePath path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      Object e = path.getElement(i);
      out.append('/').append(e.toString().replace("~", "~0").replace("/", "~1"));
    }
    return out.toString();
  }
}
