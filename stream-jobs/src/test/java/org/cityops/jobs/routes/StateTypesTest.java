package org.cityops.jobs.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.cityops.jobs.traffic.CaliforniaIncidentFunction;
import org.cityops.jobs.traffic.CongestionFunction;
import org.cityops.jobs.traffic.DetectorHealthFunction;
import org.cityops.jobs.traffic.DetectorReading;
import org.junit.jupiter.api.Test;

/**
 * The traffic and route-advice state is Flink POJOs all the way down: no field falls back to Kryo
 * (the jobs run with generic types forbidden, and Kryo state does not survive class changes).
 */
class StateTypesTest {
  @Test
  void stateTypesNeedNoKryo() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    for (Class<?> type :
        List.of(
            RouteAdviceFunction.ResidentRoutes.class,
            RoadCondition.class,
            CaliforniaIncidentFunction.CaliforniaState.class,
            CongestionFunction.CongestionState.class,
            DetectorHealthFunction.HealthState.class,
            DetectorReading.class,
            org.cityops.events.RouteAdvice.class)) {
      TypeInformation<?> info = TypeInformation.of(type);
      assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
      // creating the serializer fails when a field would need Kryo
      assertThat(info.createSerializer(config)).as(type.getSimpleName()).isNotNull();
    }
    // the check can fail: a field only Kryo could write is refused
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TypeInformation.of(NeedsKryo.class).createSerializer(config))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** A state type that would need Kryo. */
  public record NeedsKryo(String id, Object anything) {}
}
