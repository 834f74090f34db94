package org.cityops.jobs.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.cityops.events.Incident;
import org.junit.jupiter.api.Test;

/**
 * What the health job keeps in state and sends between operators is Flink POJOs all the way down:
 * the jobs run with generic types forbidden (Kryo state does not survive class changes), and a
 * nested list (an outline as a list of lists) would need Kryo.
 */
class HealthStateTypesTest {
  @Test
  void healthTypesNeedNoKryo() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    for (Class<?> type :
        List.of(
            PlacedCase.class,
            CaseDelta.class,
            StationTemperature.class,
            NeighbourhoodWeek.class,
            NeighbourhoodDay.class,
            NeighbourhoodAlarm.class,
            OnsetCount.class,
            ScanResult.class,
            Hotspot.class,
            Incident.class,
            // not state, but streams: a generic type would stop the job from starting
            BroadcastSignal.class,
            HotspotSignal.class)) {
      TypeInformation<?> info = TypeInformation.of(type);
      assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
      assertThat(info.createSerializer(config)).as(type.getSimpleName()).isNotNull();
    }
  }
}
