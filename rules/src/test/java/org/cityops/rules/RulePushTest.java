package org.cityops.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RulePushTest {
  @Test
  void theConsolesAddressKeepsAProxysPrefixWithOrWithoutItsSlash() {
    assertThat(RulePush.endpoint(URI.create("http://127.0.0.1:8080/"), "/api/rules"))
        .hasToString("http://127.0.0.1:8080/api/rules");
    assertThat(RulePush.endpoint(URI.create("http://127.0.0.1:8080"), "/api/login"))
        .hasToString("http://127.0.0.1:8080/api/login");
    assertThat(RulePush.endpoint(URI.create("https://ops.city.example/console"), "/api/rules"))
        .hasToString("https://ops.city.example/console/api/rules");
    assertThat(RulePush.endpoint(URI.create("https://ops.city.example/console/"), "/api/logout"))
        .hasToString("https://ops.city.example/console/api/logout");
  }
}
