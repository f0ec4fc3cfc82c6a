#!/usr/bin/env python3
"""Writes the Quickstart sources once (they are committed): shapes.tar.gz, a labelled tree of tiny PNGs
(circle/, square/, triangle/), and measurements.csv. Deterministic: fixed mtimes, gzip header without a timestamp,
so running it again gives the same bytes and the MD5s in Quickstart.dsproj stay valid."""
import gzip, io, struct, tarfile, zlib

SIZE = 12

def png(pixels):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\0" + bytes(pixels[y * SIZE:(y + 1) * SIZE]) for y in range(SIZE))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

def shape(kind, variant):
    c, r = SIZE / 2 - 0.5, 3 + variant
    def inside(x, y):
        if kind == "circle": return (x - c) ** 2 + (y - c) ** 2 <= r * r
        if kind == "square": return abs(x - c) <= r and abs(y - c) <= r
        return y >= c - r and y <= c + r and abs(x - c) <= (y - (c - r)) / 2
    return [255 if inside(x, y) else 0 for y in range(SIZE) for x in range(SIZE)]

buffer = io.BytesIO()
with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for kind in ("circle", "square", "triangle"):
        for variant in range(3):
            data = png(shape(kind, variant))
            info = tarfile.TarInfo(f"{kind}/{kind}-{variant}.png")
            info.size, info.mtime, info.mode, info.uname, info.gname = len(data), 1577836800, 0o644, "", ""
            tar.addfile(info, io.BytesIO(data))
with open("shapes.tar.gz", "wb") as out:
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="") as gz:
        gz.write(buffer.getvalue())

rows = ["id,species,petal_length,petal_width,note"]
flowers = [("setosa", 1.4, 0.2), ("versicolor", 4.7, 1.4), ("virginica", 6.0, 2.5)]
for i in range(12):
    name, length, width = flowers[i % 3]
    note = '"first, of its kind"' if i < 3 else ""
    rows.append(f"f{i:02d},{name},{length + (i // 3) * 0.1:.1f},{width},{note}")
with open("measurements.csv", "w", newline="\n") as out:
    out.write("\n".join(rows) + "\n")
