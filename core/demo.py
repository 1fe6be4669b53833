"""Shared machinery for demo content: generated pictures and idempotent page creation.

Every app that has demo content provides a ``demo`` module with a ``load(log)`` function; ``manage.py load_demo``
runs them in the order of ``DEMO_LOADERS``. Loaders look things up before creating them, so a second run
creates nothing, saves no revision and changes no row.
"""

import hashlib
import io
import math
import random

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection

DEMO_COLLECTION = "演示图片"

PALETTES = {
    "red": ("#b3121b", "#f5c400"),
    "blue": ("#1d4e89", "#7fb3e6"),
    "green": ("#2e7d32", "#c5e1a5"),
    "orange": ("#d35400", "#f8c471"),
    "purple": ("#5b2c6f", "#d7bde2"),
    "teal": ("#00695c", "#80cbc4"),
    "grey": ("#37474f", "#b0bec5"),
}


def _hex(color):
    color = color.lstrip("#")
    return tuple(int(color[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def draw_picture(seed, motif="rays", palette="red", size=(1600, 900)):
    """A deterministic illustration (no text, no downloads): a gradient with a simple motif.

    The same arguments always give the same bytes, which keeps the demo loader idempotent.
    """
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    width, height = size
    dark, light = (_hex(c) for c in PALETTES[palette])
    img = Image.new("RGB", size, dark)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(dark, light, (y / height) ** 1.6 * 0.55))

    white = (255, 255, 255)
    soft = _mix(light, white, 0.5)
    if motif == "rays":  # a rising sun over rooftops: campaigns, celebrations
        cx, cy = width * 0.7, height * 0.75
        for i in range(18):
            angle = math.pi + i * math.pi / 17
            draw.line([(cx, cy), (cx + 1400 * math.cos(angle), cy + 1400 * math.sin(angle))], fill=soft, width=6)
        draw.ellipse([cx - 150, cy - 150, cx + 150, cy + 150], fill=light)
        x = 0
        while x < width:
            w = rng.randint(120, 260)
            h = rng.randint(120, 320)
            draw.rectangle([x, height - h, x + w - 12, height], fill=_mix(dark, (0, 0, 0), 0.25))
            x += w
    elif motif == "podium":  # a lecture: lectern and an audience
        draw.rectangle([width * 0.42, height * 0.35, width * 0.58, height * 0.8], fill=light)
        draw.ellipse([width * 0.46, height * 0.14, width * 0.54, height * 0.3], fill=white)
        for row in range(3):
            for col in range(14):
                x = 60 + col * (width - 120) / 13
                y = height * 0.82 + row * 45
                draw.ellipse([x - 22, y - 22, x + 22, y + 22], fill=_mix(light, white, 0.2 + row * 0.2))
    elif motif == "books":  # reading rooms
        x = width * 0.1
        while x < width * 0.9:
            w = rng.randint(40, 90)
            h = rng.randint(int(height * 0.35), int(height * 0.6))
            shade = _mix(light, white, rng.random() * 0.6)
            draw.rectangle([x, height * 0.8 - h, x + w, height * 0.8], fill=shade, outline=dark, width=3)
            x += w + 6
        draw.rectangle([width * 0.08, height * 0.8, width * 0.92, height * 0.84], fill=white)
    elif motif == "play":  # video
        draw.rounded_rectangle([width * 0.2, height * 0.2, width * 0.8, height * 0.8], radius=40, fill=light)
        draw.polygon(
            [(width * 0.45, height * 0.35), (width * 0.45, height * 0.65), (width * 0.62, height * 0.5)], fill=white
        )
    elif motif == "ball":  # sports
        for _ in range(5):
            r = rng.randint(60, 160)
            x, y = rng.randint(r, width - r), rng.randint(r, height - r)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=light, outline=white, width=8)
            draw.arc([x - r, y - r / 2, x + r, y + r / 2], 0, 180, fill=white, width=6)
        draw.line([(0, height * 0.85), (width, height * 0.85)], fill=white, width=10)
    elif motif == "notes":  # arts
        for _ in range(9):
            x, y = rng.randint(80, width - 80), rng.randint(120, height - 120)
            draw.ellipse([x - 34, y - 24, x + 34, y + 24], fill=white)
            draw.line([(x + 30, y), (x + 30, y - 140)], fill=white, width=8)
            draw.line([(x + 30, y - 140), (x + 80, y - 110)], fill=white, width=8)
        for i in range(5):
            y = height * 0.2 + i * 30
            draw.line([(0, y), (width, y)], fill=soft, width=3)
    elif motif == "gears":  # industry, skills
        for _ in range(4):
            r = rng.randint(90, 200)
            x, y = rng.randint(r, width - r), rng.randint(r, height - r)
            teeth = 12
            for k in range(teeth):
                a = 2 * math.pi * k / teeth
                draw.line([(x, y), (x + (r + 40) * math.cos(a), y + (r + 40) * math.sin(a))], fill=light, width=34)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=light)
            draw.ellipse([x - r / 3, y - r / 3, x + r / 3, y + r / 3], fill=dark)
    elif motif == "shield":  # rights and services
        cx = width / 2
        draw.polygon(
            [
                (cx - 220, height * 0.2),
                (cx + 220, height * 0.2),
                (cx + 200, height * 0.55),
                (cx, height * 0.85),
                (cx - 200, height * 0.55),
            ],
            fill=light,
        )
        draw.line([(cx - 90, height * 0.5), (cx - 20, height * 0.6), (cx + 110, height * 0.38)], fill=white, width=30)
    else:  # "homes": grassroots unions, stations
        for i in range(6):
            x = 80 + i * (width - 160) / 5
            base = height * 0.85
            w = 180
            draw.rectangle([x - w / 2, base - 180, x + w / 2, base], fill=_mix(light, white, 0.15 * (i % 3)))
            draw.polygon([(x - w / 2 - 20, base - 180), (x, base - 300), (x + w / 2 + 20, base - 180)], fill=white)
            draw.rectangle([x - 25, base - 80, x + 25, base], fill=dark)

    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=82, optimize=True)
    return buffer.getvalue()


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=DEMO_COLLECTION).first()
    return existing or root.add_child(name=DEMO_COLLECTION)


def demo_image(title, motif="rays", palette="red", alt=""):
    """Return the demo image with this title, drawing and saving it the first time only."""
    Image = get_image_model()
    image = Image.objects.filter(title=title, collection__name=DEMO_COLLECTION).first()
    if image is not None:
        return image
    data = draw_picture(seed=title, motif=motif, palette=palette)
    name = "demo-" + hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:12] + ".jpg"
    image = Image(title=title, collection=demo_collection(), description=alt or title)
    image.file = ImageFile(io.BytesIO(data), name=name)
    image.save()
    return image


def child_by_slug(parent, slug):
    return parent.get_children().filter(slug=slug).first()


def demo_staff():
    """The demo editor (who writes) and moderator (who publishes), when they exist."""
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__in=["editor", "moderator"])}
    return users.get("editor"), users.get("moderator")


def publish_revision(page, author=None, publisher=None):
    """Save a revision as the author and publish it as the moderator, as the publishing workflow's last approval
    would (on the workflow's authority: no staff group holds Wagtail's publish permission)."""
    revision = page.save_revision(user=author, log_action=True)
    revision.publish(user=publisher, skip_permission_checks=True)
    return revision


def ensure_child(parent, slug, build):
    """Return the child page with this slug, creating and publishing it with ``build()`` if absent.

    Returns ``(page, created)``.
    """
    existing = child_by_slug(parent, slug)
    if existing is not None:
        return existing.specific, False
    author, publisher = demo_staff()
    page = build()
    page.slug = slug
    page.owner = author
    parent.add_child(instance=page)
    publish_revision(page, author, publisher)
    page.refresh_from_db()
    return page, True
