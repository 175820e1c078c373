"""Travel minutes between locations: an explicit matrix, or derived from coordinates.

Speed model: great-circle distance (haversine, Earth radius 6371 km) times a road
factor (default 1.3), driven at a constant speed (default 60 km/h), rounded up to
whole minutes. Travel from a place to itself is 0.
"""

from __future__ import annotations

import math

from .entities import Location, TravelSettings

EARTH_RADIUS_KM = 6371.0


def great_circle_km(a: Location, b: Location) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def travel_matrix(locations: tuple[Location, ...], settings: TravelSettings) -> tuple[tuple[int, ...], ...]:
    """Minutes from each location (row) to each location (column); a place to itself is 0,
    whatever an explicit matrix's diagonal says."""
    if settings.matrix is not None:
        return tuple(
            tuple(0 if i == j else minutes for j, minutes in enumerate(row)) for i, row in enumerate(settings.matrix)
        )
    n = len(locations)
    rows = []
    for i in range(n):
        row = []
        for j in range(n):
            a, b = locations[i], locations[j]
            if i == j or not (a.has_coordinates and b.has_coordinates):
                row.append(0)
            else:
                km = great_circle_km(a, b) * settings.road_factor
                row.append(math.ceil(km / settings.speed_kmh * 60 - 1e-9))
        rows.append(tuple(row))
    return tuple(rows)
