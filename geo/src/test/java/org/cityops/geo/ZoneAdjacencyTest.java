package org.cityops.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.cityops.embedded.SharedData;
import org.cityops.events.GeoPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** Rio's 164 neighbourhoods: who touches whom, groups of touching ones, and merged outlines. */
class ZoneAdjacencyTest {
  private static ZoneMap rio;
  private static ZoneAdjacency adjacency;

  @BeforeAll
  static void read() {
    rio = GeoJsonZones.read(SharedData.data("rio/neighbourhoods.geojson"), "id_bairro", "nome");
    adjacency = ZoneAdjacency.of(rio, 30);
  }

  private static String id(String name) {
    return rio.zones().stream().filter(z -> z.name().equals(name)).findFirst().orElseThrow().id();
  }

  private static List<String> names(List<String> ids) {
    return ids.stream().map(i -> rio.byId(i).orElseThrow().name()).toList();
  }

  @Test
  void copacabanaTouchesItsNeighboursAndNotTheIsland() {
    assertThat(names(List.copyOf(adjacency.neighbours(id("Copacabana")))))
        .contains("Leme", "Ipanema", "Botafogo", "Lagoa", "Humaitá")
        .doesNotContain("Paquetá", "Campo Grande", "Centro");
    assertThat(adjacency.neighbours(id("Leme"))).contains(id("Copacabana"));
    assertThat(adjacency.neighbours(id("Paquetá"))).as("an island in the bay").isEmpty();
    // every neighbourhood on the mainland touches at least one other
    long alone = rio.zones().stream().filter(z -> adjacency.neighbours(z.id()).isEmpty()).count();
    assertThat(alone).isLessThanOrEqualTo(3);
  }

  @Test
  void touchingMembersFormOneGroupAndFarOnesTheirOwn() {
    var groups =
        adjacency.groups(
            List.of(id("Ipanema"), id("Campo Grande"), id("Leme"), id("Copacabana"), "nowhere"));
    assertThat(groups).hasSize(3);
    assertThat(
            groups.stream().map(g -> names(g.stream().filter(i -> !i.equals("nowhere")).toList())))
        .containsExactlyInAnyOrder(
            List.of(), List.of("Campo Grande"), List.of("Leme", "Copacabana", "Ipanema"));
    // Leme and Ipanema touch only through Copacabana: without it they are apart
    assertThat(adjacency.groups(List.of(id("Ipanema"), id("Leme")))).hasSize(2);
  }

  @Test
  void theOutlineOfTouchingNeighbourhoodsCoversThemAndNothingFar() {
    var rings = adjacency.outline(List.of(id("Copacabana"), id("Leme")), 20);
    assertThat(rings).isNotEmpty();
    var factory = new GeometryFactory();
    var largest =
        factory.createPolygon(
            rings.get(0).stream()
                .map(p -> new Coordinate(p.lon(), p.lat()))
                .toArray(Coordinate[]::new));
    GeoPoint copacabana = rio.byId(id("Copacabana")).orElseThrow().representativePoint();
    GeoPoint leme = rio.byId(id("Leme")).orElseThrow().representativePoint();
    GeoPoint ipanema = rio.byId(id("Ipanema")).orElseThrow().representativePoint();
    assertThat(
            largest.contains(
                factory.createPoint(new Coordinate(copacabana.lon(), copacabana.lat()))))
        .isTrue();
    assertThat(largest.contains(factory.createPoint(new Coordinate(leme.lon(), leme.lat()))))
        .isTrue();
    assertThat(largest.contains(factory.createPoint(new Coordinate(ipanema.lon(), ipanema.lat()))))
        .isFalse();
    assertThat(rings.get(0).get(0))
        .as("closed ring")
        .isEqualTo(rings.get(0).get(rings.get(0).size() - 1));
    assertThat(adjacency.outline(List.of("nowhere"), 20)).isEmpty();
  }
}
