"""Media files served by Django (SERVE_MEDIA): a path no file system can hold is a 404, not a 500 (found by the
fuzzer: a 5,000-character file name made Django's static view raise OSError ENAMETOOLONG)."""

from django.test import Client

import pytest


@pytest.mark.django_db
def test_names_too_long_for_the_file_system_are_not_found(settings):
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "hello.txt").write_text("你好")
    client = Client(raise_request_exception=False)
    for path in ["a" * 300, "a" * 5_000, "b/" * 3_000, "职" * 100 + ".png"]:
        assert client.get(f"/media/{path}").status_code == 404, path[:20]
    response = client.get("/media/hello.txt")
    assert response.status_code == 200 and b"".join(response.streaming_content).decode() == "你好"
