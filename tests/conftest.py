"""Cross-cutting tests use the search app's real-engine fixtures too."""

from search.conftest import engine, sync  # noqa: F401  (fixtures, found by pytest here)
