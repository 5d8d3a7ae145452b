"""Make the demo blog's images (thumbnails, body pictures, avatars) with Pillow.

Run from the repository root: `.venv/bin/python tools/make_demo_images.py`.
The images are committed; this script documents how they were made.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BLOG = Path("docs/images/blog")
AUTHORS = Path("docs/images/authors")

# name, size, two colours of a diagonal band, and a motif
PICTURES = [
    ("anchor-text-thumbnail.png", (1200, 630), "#1e3a5f", "#3f7cac", "bars"),
    ("internal-links-thumbnail.jpg", (1200, 630), "#2d6a4f", "#95d5b2", "nodes"),
    ("outreach-emails-thumbnail.jpeg", (1200, 630), "#6d2e46", "#d5b9b2", "envelope"),
    ("content-calendar-thumbnail.png", (1200, 630), "#3d405b", "#f2cc8f", "grid"),
    ("site-speed-thumbnail.jpg", (1200, 630), "#264653", "#e9c46a", "bars"),
    ("local-seo-thumbnail.png", (1200, 630), "#5f0f40", "#fb8b24", "nodes"),
    ("audit-checklist-thumbnail.png", (1200, 630), "#14213d", "#fca311", "grid"),
    ("Guest Post Pitch.png", (1200, 630), "#22333b", "#c6ac8f", "envelope"),
    ("link-graph-visual-selection.png", (800, 450), "#023047", "#8ecae6", "nodes"),
    ("calendar-visual-selection.png", (800, 450), "#3d405b", "#81b29a", "grid"),
]


def picture(size: tuple[int, int], dark: str, light: str, motif: str) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, dark)
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, height), (width * 0.55, 0), (width, 0), (width * 0.45, height)], fill=light)
    unit = height // 9
    if motif == "bars":
        for i, h in enumerate((2, 4, 3, 6, 5)):
            x = width * 0.1 + i * unit * 1.6
            draw.rectangle([x, height - unit - h * unit, x + unit, height - unit], fill="white")
    elif motif == "nodes":
        points = [(0.2, 0.3), (0.4, 0.6), (0.65, 0.35), (0.8, 0.7), (0.3, 0.8)]
        xy = [(width * a, height * b) for a, b in points]
        for a in xy:
            for b in xy[1:3]:
                draw.line([a, b], fill="white", width=max(2, unit // 10))
        for x, y in xy:
            draw.ellipse([x - unit / 2, y - unit / 2, x + unit / 2, y + unit / 2], fill="white")
    elif motif == "envelope":
        box = [width * 0.3, height * 0.3, width * 0.7, height * 0.75]
        draw.rectangle(box, outline="white", width=max(3, unit // 8))
        draw.line(
            [box[0], box[1], width / 2, height * 0.55, box[2], box[1]],
            fill="white",
            width=max(3, unit // 8),
        )
    else:  # grid
        for row in range(3):
            for col in range(5):
                x, y = width * 0.15 + col * unit * 1.5, height * 0.25 + row * unit * 1.5
                draw.rectangle([x, y, x + unit, y + unit], outline="white", width=3)
    return image


def avatar(colour: str) -> Image.Image:
    image = Image.new("RGB", (128, 128), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse([40, 22, 88, 70], fill="white")
    draw.ellipse([20, 80, 108, 160], fill="white")
    return image


def main() -> None:
    BLOG.mkdir(parents=True, exist_ok=True)
    AUTHORS.mkdir(parents=True, exist_ok=True)
    for name, size, dark, light, motif in PICTURES:
        image = picture(size, dark, light, motif)
        if name.endswith((".jpg", ".jpeg")):
            image.save(BLOG / name, "JPEG", quality=80, optimize=True)
        else:
            image.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(
                BLOG / name, optimize=True
            )
    avatar("#3f7cac").save(AUTHORS / "backlink-bot-team.png", optimize=True)
    avatar("#2d6a4f").save(AUTHORS / "aman.png", optimize=True)


if __name__ == "__main__":
    main()
