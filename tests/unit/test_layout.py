"""The standard layout's 南海诸岛 inset is the same geometry, scaled and moved — not a drawing."""

from __future__ import annotations

import math

import pytest
import shapely
from shapely.geometry import shape

from beltatlas import geo, layout


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon), layout.mercator_y(lat)


def test_inset_point_is_one_similarity_transform_in_mercator():
    pairs = [((110.0, 10.0), (115.0, 12.0)), ((108.5, 4.0), (121.0, 24.0)), ((112.3, 16.8), (112.9, 8.6))]
    for a, b in pairs:
        (ax, ay), (bx, by) = _mercator(*a), _mercator(*b)
        (cx, cy), (dx, dy) = _mercator(*layout.inset_point(*a)), _mercator(*layout.inset_point(*b))
        assert math.hypot(dx - cx, dy - cy) == pytest.approx(
            layout.INSET_SCALE * math.hypot(bx - ax, by - ay)
        )
        # No rotation: the direction between two points is kept.
        assert math.atan2(dy - cy, dx - cx) == pytest.approx(math.atan2(by - ay, bx - ax))


def test_inset_parts_are_the_source_parts_transformed():
    hainan = next(f for f in geo.load_provinces_geojson()["features"] if f["properties"]["adcode"] == 460000)
    source = shapely.clip_by_rect(shape(hainan["geometry"]), *layout.INSET_SOURCE)
    expected = shapely.transform(source, layout._inset_array)
    drawn = shape(dict(next(g for a, _z, _e, g in layout.province_geometries("standard") if a == 460000)))
    inset_part = shapely.clip_by_rect(drawn, *layout.inset_frame())
    assert inset_part.symmetric_difference(expected).area < 1e-9
    # A vertex of 永兴岛's neighbourhood: the drawn vertex is inset_point of the file's vertex.
    island = next(p for p in shapely.get_parts(source) if p.bounds[3] < 17.5)
    lon, lat = island.exterior.coords[0]
    ex, ey = layout.inset_point(lon, lat)
    assert min(math.hypot(x - ex, y - ey) for x, y in shapely.get_coordinates(inset_part)) < 1e-9


def test_inset_frame_holds_no_main_frame_geometry_and_every_island():
    frame = shapely.box(*layout.inset_frame())
    for feature in geo.load_provinces_geojson()["features"]:
        main = shapely.clip_by_rect(shape(feature["geometry"]), *layout.MAIN_BOUNDS)
        # Nothing of the country at its true place lies under the frame (钓鱼岛 and 台湾 stay west of it).
        assert not main.intersects(frame), feature["properties"]["adcode"]
    islands = layout.island_geometries("standard")
    assert len(islands) > 100
    assert all(frame.contains(shape(dict(g))) for g in islands)
    # The full layout keeps them at their true place.
    assert all(shape(dict(g)).bounds[3] < layout.ISLANDS_NORTH for g in layout.island_geometries("full"))


def test_standard_view_is_landscape_and_the_full_one_reaches_the_south():
    w, s, e, n = layout.view_bounds("standard")
    assert s >= layout.MAIN_SOUTH - 0.01
    aspect = math.radians(e - w) / (layout.mercator_y(n) - layout.mercator_y(s))
    assert aspect > 1.25  # the usual landscape map; the full extent is nearly square
    assert layout.view_bounds("full")[1] < 4


def test_sea_line_is_in_the_inset_and_only_north_of_the_main_frames_edge():
    frame = shapely.box(*layout.inset_frame())
    lines = [shape(dict(g)) for g in layout.sea_line_geometries("standard")]
    inset = [line for line in lines if frame.contains(line)]
    main = [line for line in lines if not frame.contains(line)]
    assert len(inset) == 10  # every dash, scaled into the inset
    assert all(line.bounds[1] >= layout.MAIN_SOUTH - 1e-9 for line in main)
