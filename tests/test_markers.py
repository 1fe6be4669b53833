"""The markers declared in pyproject.toml are applied, so ``pytest -m "not browser"`` (or ``-m postgres``) selects
what it says."""

from pathlib import Path

BROWSER_DIR = Path(__file__).parent / "browser"


def test_every_browser_test_carries_the_browser_marker(request):
    browser_items = [item for item in request.session.items if BROWSER_DIR in Path(item.path).parents]
    unmarked = [item.nodeid for item in browser_items if not item.get_closest_marker("browser")]
    assert not unmarked


def test_browser_tests_exist_on_disk_and_are_marked_in_their_modules():
    # Also true when this test is collected alone: each module declares the marker itself.
    modules = sorted(BROWSER_DIR.glob("test_*.py"))
    assert modules
    assert [m.name for m in modules if "pytest.mark.browser" not in m.read_text()] == []
