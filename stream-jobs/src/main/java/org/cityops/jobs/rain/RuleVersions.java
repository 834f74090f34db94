package org.cityops.jobs.rain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.cityops.events.RainRuleChange;

/**
 * The versions of one detector's rule pushed at run time ({@code city.control}), as a detector
 * keeps them in its broadcast state {@link #RULES}, and which one is in force at an event time.
 *
 * <p>Contract: every version above the one the job started with is kept (the starting rule is in
 * force from the beginning of time); a version no higher than the starting one, or one pushed again
 * with other thresholds, is ignored and logged (the first stays); a version that can never be in
 * force again (a higher one takes effect no later) is dropped. In force at {@code t}: the highest
 * version whose effective time is not after {@code t}. Rules of other detectors are passed over, so
 * each detector's state holds its own versions only. The order in which versions arrive does not
 * matter. Operators use it through {@link DetectorRule}, which also gives the starting rule.
 */
public final class RuleVersions {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RuleVersions.class);

  /**
   * Every version of the rain job's rules a detector was given at run time, by detector and
   * version.
   */
  public static final MapStateDescriptor<String, RainRuleChange> RULES =
      new MapStateDescriptor<>(
          "rain-rules", Types.STRING, TypeInformation.of(RainRuleChange.class));

  /** The evidence signal naming the rule version that judged an incident version. */
  public static final String RULE_VERSION = "rule_version";

  private RuleVersions() {}

  /** The evidence naming rule {@code ruleId} version {@code version} as the judge at {@code at}. */
  public static org.cityops.events.Evidence evidence(String ruleId, long version, Instant at) {
    return new org.cityops.events.Evidence(RULE_VERSION, ruleId, at, version, null);
  }

  /** The rule and version that judged an incident version, as {@code heavy-rain v3}; if any. */
  public static java.util.Optional<String> judgedBy(org.cityops.events.Incident incident) {
    return incident.evidence().stream()
        .filter(e -> e.signal().equals(RULE_VERSION))
        .map(e -> e.sourceId() + " v" + (long) e.value())
        .findFirst();
  }

  /** Takes {@code change} into {@code rules} when it is {@code detector}'s and new. */
  static void accept(
      BroadcastState<String, RainRuleChange> rules,
      RainRuleChange change,
      RainRuleChange.Detector detector,
      long startingVersion)
      throws Exception {
    if (change.detector() != detector) {
      return; // another detector's
    }
    if (change.version() <= startingVersion) {
      LOG.warn(
          "Rule {} version {} ignored: the job started with version {}",
          change.ruleId(),
          change.version(),
          startingVersion);
      return;
    }
    String key = detector + "/" + change.version();
    RainRuleChange known = rules.get(key);
    if (known != null) {
      if (!sameRule(known, change)) {
        LOG.warn(
            "Rule {} version {} pushed again with other thresholds: the first stays",
            change.ruleId(),
            change.version());
      }
      return;
    }
    rules.put(key, change);
    List<String> dead = new ArrayList<>();
    for (Map.Entry<String, RainRuleChange> e : rules.entries()) {
      RainRuleChange v = e.getValue();
      for (Map.Entry<String, RainRuleChange> f : rules.entries()) {
        RainRuleChange w = f.getValue();
        if (w.detector() == v.detector()
            && w.version() > v.version()
            && !w.effectiveFrom().isAfter(v.effectiveFrom())) {
          dead.add(e.getKey());
          break;
        }
      }
    }
    for (String k : dead) {
      rules.remove(k);
    }
    LOG.info(
        "Rule {} version {} ({}) in force from {}",
        change.ruleId(),
        change.version(),
        detector,
        change.effectiveFrom());
  }

  /** The same thresholds, pushed by someone else or at another time. */
  private static boolean sameRule(RainRuleChange a, RainRuleChange b) {
    return a.ruleId().equals(b.ruleId())
        && a.effectiveFrom().equals(b.effectiveFrom())
        && Objects.equals(a.moderateMm(), b.moderateMm())
        && Objects.equals(a.strongMm(), b.strongMm())
        && Objects.equals(a.veryStrongMm(), b.veryStrongMm())
        && Objects.equals(a.hourMm(), b.hourMm())
        && Objects.equals(a.dayMm(), b.dayMm())
        && Objects.equals(a.landslide(), b.landslide())
        && Objects.equals(a.water(), b.water())
        && Objects.equals(a.flooding(), b.flooding())
        && Objects.equals(a.california(), b.california())
        && Objects.equals(a.congestion(), b.congestion())
        && Objects.equals(a.levels(), b.levels())
        && Objects.equals(a.accidents(), b.accidents());
  }

  /** The highest pushed version of {@code detector}'s rule in force at {@code at}; null: none. */
  static RainRuleChange inForce(
      ReadOnlyBroadcastState<String, RainRuleChange> rules,
      RainRuleChange.Detector detector,
      Instant at)
      throws Exception {
    RainRuleChange best = null;
    for (Map.Entry<String, RainRuleChange> e : rules.immutableEntries()) {
      RainRuleChange c = e.getValue();
      if (c.detector() == detector
          && !c.effectiveFrom().isAfter(at)
          && (best == null || c.version() > best.version())) {
        best = c;
      }
    }
    return best;
  }
}
