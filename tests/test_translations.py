"""The interface is Chinese first: every message has a Chinese translation, compiled and up to date, in both
catalogues: ``django`` (Python and templates) and ``djangojs`` (the site's scripts, served by /jsi18n/)."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import polib
import pytest

LC_MESSAGES = Path(settings.BASE_DIR) / "site/locale/zh_Hans/LC_MESSAGES"
DOMAINS = ["django", "djangojs"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated(domain):
    po = polib.pofile(str(LC_MESSAGES / f"{domain}.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogue_matches_the_source(domain):
    po_file = LC_MESSAGES / f"{domain}.po"
    # Keyed by context and message: "vote" the noun and "vote" the unit of a figure (msgctxt "unit") differ.
    po = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(po_file)) if not e.obsolete}
    mo = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(po_file.with_suffix(".mo")))
        if e.msgid
    }
    assert po == mo, "run `./run.sh compilemessages` after editing the .po file"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogue_has_every_string_of_the_code(tmp_path, domain):
    """Strings marked for translation in code and templates are all in the catalogue."""
    # Extract from a copy of the code (without the real catalogue) into a scratch locale folder.
    source = tmp_path / "src"
    skip = shutil.ignore_patterns(
        ".venv", "var", "media", "node_modules", "test-output", ".git", "locale", "*.pyc", "*.sqlite3*"
    )
    shutil.copytree(settings.BASE_DIR, source, ignore=skip)
    scratch = tmp_path / "locale"
    (scratch / "zh_Hans/LC_MESSAGES").mkdir(parents=True)
    extract = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='workershome.settings.test';"
                "from django.conf import settings;django.setup();"
                f"settings.LOCALE_PATHS=[{str(scratch)!r}];"
                "from django.core.management import call_command;"
                f"call_command('makemessages', locale=['zh_Hans'], domain={domain!r}, no_obsolete=True, verbosity=0)"
            ),
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert extract.returncode == 0, extract.stderr
    wanted = {e.msgid for e in polib.pofile(str(scratch / f"zh_Hans/LC_MESSAGES/{domain}.po"))}
    have = {e.msgid for e in polib.pofile(str(LC_MESSAGES / f"{domain}.po"))}
    assert wanted, "nothing was extracted: the test would pass whatever the code says"
    assert wanted - have == set(), f"run `./run.sh makemessages -d {domain} -l zh_Hans` and translate the new strings"
