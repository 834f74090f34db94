package org.cityops.jobs.rain;

import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.util.function.SerializableFunction;
import org.cityops.events.Evidence;
import org.cityops.events.RainRuleChange;

/**
 * One detector's rule as an operator applies it: the version the job started with, the versions
 * pushed at run time (kept in the operator's broadcast state {@link RuleVersions#RULES}), and what
 * each version decides, in the detector's own terms ({@code T}).
 *
 * <p>Contract: {@link #accept} takes a pushed change into the broadcast state by {@link
 * RuleVersions}' rules (another detector's change is passed over); {@link #inForce} gives the
 * highest version in force at an event time, the starting one when no pushed version is. A pushed
 * version is converted to {@code T} once per version and operator instance (a transient cache, so
 * nothing of it is checkpointed: the broadcast state is the record). Instances are serialized with
 * the operator: the starting rule and the converter must be serializable.
 *
 * @param <T> what a version decides for the detector (its thresholds, a rule, a bound)
 */
public final class DetectorRule<T extends Serializable> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A version in force: which rule, which version, and what it decides. */
  public record InForce<T extends Serializable>(String ruleId, long version, T rule)
      implements Serializable {
    /** The evidence naming this version as the judge of an incident version at {@code at}. */
    public Evidence evidence(Instant at) {
      return RuleVersions.evidence(ruleId, version, at);
    }
  }

  private final RainRuleChange.Detector detector;
  private final InForce<T> starting;
  private final SerializableFunction<RainRuleChange, T> converter;
  private transient Map<Long, InForce<T>> converted;

  /**
   * @param detector whose rule this is; other detectors' changes are passed over
   * @param ruleId the starting rule's id, {@code version} its version (0 for single settings)
   * @param rule what the starting version decides, in force from the beginning of time
   * @param converter what a pushed version of {@code detector}'s rule decides
   */
  public DetectorRule(
      RainRuleChange.Detector detector,
      String ruleId,
      long version,
      T rule,
      SerializableFunction<RainRuleChange, T> converter) {
    this.detector = detector;
    this.starting = new InForce<>(ruleId, version, rule);
    this.converter = converter;
  }

  /** Takes {@code change} into {@code rules} when it is this detector's and new. */
  public void accept(BroadcastState<String, RainRuleChange> rules, RainRuleChange change)
      throws Exception {
    RuleVersions.accept(rules, change, detector, starting.version());
  }

  /** The highest version in force at {@code at}: a pushed one, or the starting one. */
  public InForce<T> inForce(ReadOnlyBroadcastState<String, RainRuleChange> rules, Instant at)
      throws Exception {
    RainRuleChange chosen = RuleVersions.inForce(rules, detector, at);
    if (chosen == null) {
      return starting;
    }
    if (converted == null) {
      converted = new HashMap<>();
    }
    InForce<T> known = converted.get(chosen.version());
    if (known == null) {
      known = new InForce<>(chosen.ruleId(), chosen.version(), converter.apply(chosen));
      converted.put(chosen.version(), known);
    }
    return known;
  }

  /** The version the job started with. */
  public InForce<T> starting() {
    return starting;
  }
}
