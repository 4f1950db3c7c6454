#!/usr/bin/env python3
"""Photographs with metadata, for the API tests (Debian's python3-pil, an independent parser).
  photo_exif.py make OUT [WIDTH HEIGHT] [ORIENTATION]  writes a JPEG with EXIF (camera, time, GPS position) and a comment
  photo_exif.py png OUT                                 writes a PNG with eXIf and text chunks
  photo_exif.py check IN                                prints what metadata IN still holds, as JSON
"""
import json, random, sys
from PIL import Image, ImageDraw, PngImagePlugin

def picture(width, height):
    rnd = random.Random(7)
    image = Image.new("RGB", (width, height), (195, 200, 205))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.3, height * 0.15, width * 0.7, height * 0.85), fill=(215, 170, 140))
    for _ in range(600):
        x, y, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(2, 8)
        s = rnd.randrange(60, 140)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(s + 40, s + 10, s))
    return image

def exif(orientation):
    data = Image.Exif()
    data[0x010F] = "PhoneMaker"          # Make
    data[0x0110] = "PhoneModel 12"       # Model
    data[0x0132] = "2026:12:01 10:45:00"  # DateTime
    data[0x0112] = orientation           # Orientation
    # GPSInfo: latitude and longitude of where the photo was taken
    data[0x8825] = {1: "N", 2: (52.0, 22.0, 1.5), 3: "E", 4: (4.0, 53.0, 40.2)}
    return data

command, path = sys.argv[1], sys.argv[2]
if command == "make":
    width = int(sys.argv[3]) if len(sys.argv) > 3 else 1600
    height = int(sys.argv[4]) if len(sys.argv) > 4 else 1200
    orientation = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    picture(width, height).save(path, "JPEG", quality=90, exif=exif(orientation), comment=b"taken at home, 12 Main St")
elif command == "png":
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Ada Lindqvist")
    info.add_text("Location", "52.3667 N, 4.8945 E")
    picture(400, 300).save(path, "PNG", pnginfo=info, exif=exif(1))
else:
    image = Image.open(path)
    found = image.getexif()
    print(json.dumps({
        "format": image.format, "size": list(image.size),
        "exif_tags": sorted(int(k) for k in found.keys()),
        "gps": bool(found.get_ifd(0x8825)),
        "comment": (image.info.get("comment") or b"").decode("latin-1"),
        "text": sorted(k for k in image.info if k in ("Author", "Location", "exif")),
    }))
