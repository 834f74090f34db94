package org.cityops.jobs.common;

/**
 * Shadow runs ({@code <job>.shadow true}): a candidate rule set judging the live input beside the
 * live job, its incidents on {@code city.detections.shadow} and the store's {@code
 * shadow_incidents} only, never where an operator or a resident looks. A shadow reads as its own
 * consumer group ({@code cityops-<job>-shadow} unless given one) and never as the live job's, which
 * would take readings from the live job.
 */
public final class ShadowRuns {
  private ShadowRuns() {}

  /** Whether {@code job} runs in shadow; refuses the live job's group for a shadow. */
  public static boolean shadow(Settings s, String job) {
    boolean shadow = s.flag(job + ".shadow", false);
    if (shadow && ("cityops-" + job).equals(s.optionalText("kafka.group"))) {
      throw new ConfigException(
          "kafka.group",
          "is the live "
              + job
              + " job's group: a shadow job sharing it would take readings from the live job");
    }
    return shadow;
  }

  /** {@code basics} as a shadow reads: its own group unless one was given. */
  public static JobBasics basics(Settings s, String job, JobBasics basics, boolean shadow) {
    return shadow && s.optionalText("kafka.group") == null
        ? basics.withConsumerGroup("cityops-" + job + "-shadow")
        : basics;
  }
}
