package org.cityops.rules;

/**
 * A rule file that cannot be used, said the way an editor can jump to it: {@code file:line: field:
 * problem}. The running rules are never replaced by a file that throws this.
 */
public final class RuleFileException extends IllegalArgumentException {
  private final String file;
  private final int line;
  private final String field;
  private final String problem;

  /**
   * @param line 1-based, or 0 when the problem has no place in the file (it could not be read)
   * @param field where in the document, as {@code rules[0].strong-mm}; empty for the whole file
   */
  public RuleFileException(String file, int line, String field, String problem) {
    super(
        file
            + (line > 0 ? ":" + line : "")
            + ": "
            + (field.isEmpty() ? "" : field + ": ")
            + problem);
    this.file = file;
    this.line = line;
    this.field = field;
    this.problem = problem;
  }

  private RuleFileException(String message, RuleFileException first) {
    super(message);
    this.file = first.file;
    this.line = first.line;
    this.field = first.field;
    this.problem = first.problem;
  }

  /**
   * Several problems of one file as one refusal: placed at the first, its message every problem,
   * one a line, in file order.
   */
  public static RuleFileException all(java.util.List<RuleFileException> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return new RuleFileException(
        String.join("\n", problems.stream().map(RuleFileException::getMessage).toList()),
        problems.get(0));
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
