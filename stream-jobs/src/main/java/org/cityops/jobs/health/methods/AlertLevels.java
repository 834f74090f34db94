package org.cityops.jobs.health.methods;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * InfoDengue's four alert levels for one area, week by week. Each of three criteria has its own
 * condition, a number of consecutive weeks it must hold to switch on, and a number of consecutive
 * weeks it must fail to switch off again; the level is that of the highest criterion switched on:
 *
 * <ul>
 *   <li>yellow: the week was warm (mean daily minimum above {@code warmAboveC}) and had cases, or
 *       incidence passed the pre-epidemic threshold even in the cold;
 *   <li>orange: {@code P(Rt > 1)} above {@code growthProbability} and incidence above the
 *       pre-epidemic threshold: transmission is growing;
 *   <li>red: incidence above the epidemic threshold (with at least {@code minCasesRed} cases, so
 *       one case in a small neighbourhood is not an epidemic).
 * </ul>
 *
 * <p>Levels are a pure function of the weekly facts, oldest first, and are recomputed from them
 * whenever a late notification revises a past week: a window longer than the longest on and off
 * delays gives the same recent levels as the whole history would.
 */
public final class AlertLevels implements Serializable {
  /** The levels, lowest first; {@link #rank()} is InfoDengue's number (1 to 4). */
  public enum Level {
    GREEN,
    YELLOW,
    ORANGE,
    RED;

    public int rank() {
      return ordinal() + 1;
    }
  }

  /** Weeks a condition must hold to switch its criterion on, and fail to switch it off. */
  public record Delays(int weeksOn, int weeksOff) implements Serializable {
    public Delays {
      if (weeksOn < 1 || weeksOff < 1) {
        throw new IllegalArgumentException(
            "weeks to switch on and off must be 1 or more, were " + weeksOn + " and " + weeksOff);
      }
    }
  }

  /**
   * @param warmAboveC the weekly mean minimum temperature above which mosquitoes thrive
   *     (InfoDengue: 22 °C)
   * @param preEpidemicPer100k weekly cases per 100,000 above which transmission is under way
   * @param epidemicPer100k weekly cases per 100,000 of an epidemic
   * @param growthProbability how sure {@code Rt > 1} must be for orange
   * @param minCasesRed the fewest cases in a red week
   */
  public record Settings(
      double warmAboveC,
      double preEpidemicPer100k,
      double epidemicPer100k,
      double growthProbability,
      int minCasesRed,
      Delays yellow,
      Delays orange,
      Delays red)
      implements Serializable {
    public Settings {
      if (!(preEpidemicPer100k >= 0) || !(epidemicPer100k > preEpidemicPer100k)) {
        throw new IllegalArgumentException(
            "the epidemic threshold ("
                + epidemicPer100k
                + " per 100,000) must lie above the pre-epidemic one ("
                + preEpidemicPer100k
                + ")");
      }
      if (!(growthProbability > 0 && growthProbability < 1)) {
        throw new IllegalArgumentException(
            "the probability that Rt > 1 must lie strictly between 0 and 1, was "
                + growthProbability);
      }
      if (minCasesRed < 0) {
        throw new IllegalArgumentException("minCasesRed must be 0 or more, was " + minCasesRed);
      }
    }

    /**
     * InfoDengue's rules as AlertaDengue configures them (yellow on after 3 weeks, off after 2;
     * orange 2 and 2; red 1 and 2; 22 °C), the thresholds of its Metropolitan I region of Rio de
     * Janeiro state (8.28 and 21.6 weekly cases per 100,000), and the growth probability 0.95 of
     * the design.
     */
    /** The same delays with a rule's thresholds (which are checked as any settings are). */
    public Settings withThresholds(
        double warmAboveC,
        double preEpidemicPer100k,
        double epidemicPer100k,
        double growthProbability,
        int minCasesRed) {
      return new Settings(
          warmAboveC,
          preEpidemicPer100k,
          epidemicPer100k,
          growthProbability,
          minCasesRed,
          yellow,
          orange,
          red);
    }

    public static Settings infoDengueRio() {
      return new Settings(
          22, 8.28, 21.6, 0.95, 5, new Delays(3, 2), new Delays(2, 2), new Delays(1, 2));
    }
  }

  /**
   * What is known of one week in one area.
   *
   * @param minTemperatureC mean of the week's daily minimum temperatures, or null when no station
   *     reported
   * @param growthProbability {@code P(Rt > 1)}, 0 when it cannot be estimated yet
   */
  public record Week(
      int cases, double incidencePer100k, Double minTemperatureC, double growthProbability) {}

  private final Settings settings;

  public AlertLevels(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** The level of every week of {@code weeks} (oldest first), starting from green. */
  public List<Level> levels(List<Week> weeks) {
    Switch yellow = new Switch(settings.yellow());
    Switch orange = new Switch(settings.orange());
    Switch red = new Switch(settings.red());
    List<Level> out = new ArrayList<>(weeks.size());
    for (Week w : weeks) {
      boolean warm = w.minTemperatureC() != null && w.minTemperatureC() > settings.warmAboveC();
      boolean aboveStart = w.incidencePer100k() > settings.preEpidemicPer100k();
      yellow.step((warm && w.cases() > 0) || aboveStart);
      orange.step(w.growthProbability() > settings.growthProbability() && aboveStart);
      red.step(
          w.incidencePer100k() > settings.epidemicPer100k() && w.cases() >= settings.minCasesRed());
      out.add(
          red.on ? Level.RED : orange.on ? Level.ORANGE : yellow.on ? Level.YELLOW : Level.GREEN);
    }
    return out;
  }

  /** One criterion: consecutive weeks held and failed, and whether it is on. */
  private static final class Switch {
    private final Delays delays;
    private int held;
    private int failed;
    private boolean on;

    Switch(Delays delays) {
      this.delays = delays;
    }

    void step(boolean condition) {
      if (condition) {
        held++;
        failed = 0;
        if (held >= delays.weeksOn()) {
          on = true;
        }
      } else {
        failed++;
        held = 0;
        if (failed >= delays.weeksOff()) {
          on = false;
        }
      }
    }
  }
}
