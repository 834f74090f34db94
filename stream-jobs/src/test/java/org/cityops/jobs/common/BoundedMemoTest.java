package org.cityops.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedMemoTest {
  private final List<String> parsedTexts = new ArrayList<>();

  private BoundedMemo<String, List<String>> cache(int capacity) {
    return BoundedMemo.of(
        json -> {
          parsedTexts.add(json);
          return List.of(json.toUpperCase());
        },
        capacity);
  }

  @Test
  void aTextIsParsedOnceWhileItIsKept() {
    BoundedMemo<String, List<String>> cache = cache(2);
    List<String> first = cache.get("{\"a\":1}");
    // an equal text from another read of the state (RocksDB hands out a new string each time)
    List<String> again = cache.get(new String("{\"a\":1}"));
    assertThat(again).isSameAs(first).containsExactly("{\"A\":1}");
    assertThat(parsedTexts).containsExactly("{\"a\":1}");
  }

  @Test
  void aChangedValueIsANewEntryNeverTheOldOne() {
    BoundedMemo<String, List<String>> cache = cache(4);
    cache.get("{\"version\":1}");
    assertThat(cache.get("{\"version\":2}")).containsExactly("{\"VERSION\":2}");
    assertThat(parsedTexts).containsExactly("{\"version\":1}", "{\"version\":2}");
  }

  @Test
  void theLeastRecentlyUsedGoesFirstAndIsParsedAgainWhenAskedFor() {
    BoundedMemo<String, List<String>> cache = cache(2);
    cache.get("a");
    cache.get("b");
    cache.get("a"); // now b is the least recently used
    cache.get("c");
    assertThat(cache.size()).isEqualTo(2);
    cache.get("a");
    assertThat(parsedTexts).containsExactly("a", "b", "c");
    cache.get("b");
    assertThat(parsedTexts).containsExactly("a", "b", "c", "b");
    assertThat(cache.computed()).as("what it computed: its misses").isEqualTo(4);
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThatThrownBy(() -> cache(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }
}
