#!/usr/bin/python3
"""The speed anchor for the IDX conversion benchmark: the same job done the usual Python way.

Reads gzipped IDX images and labels with gzip + numpy, encodes each image as a grayscale PNG with Pillow, packs
{key, image, label} with msgpack and writes the samples, the MD5 of the data file and the .offsets/.keys index files,
one thread, as a datadings FileWriter does. Debian: python3-numpy python3-pil python3-msgpack.
Usage: fashion_mnist_pil.py IMAGES.gz LABELS.gz OUTPUT.msgpack
"""
import gzip
import hashlib
import io
import sys

import msgpack
import numpy as np
from PIL import Image


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main(images_path, labels_path, output):
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    digits = max(1, len(str(len(images) - 1)))
    md5 = hashlib.md5()
    offsets = [0]
    keys = []
    packer = msgpack.Packer(use_bin_type=True)
    with open(output, "wb") as out:
        for i, (pixels, label) in enumerate(zip(images, labels)):
            png = io.BytesIO()
            Image.fromarray(pixels, mode="L").save(png, format="PNG")
            key = str(i).zfill(digits)
            packed = packer.pack({"key": key, "image": png.getvalue(), "label": int(label)})
            out.write(packed)
            md5.update(packed)
            offsets.append(offsets[-1] + len(packed))
            keys.append(key)
    np.asarray(offsets, dtype="<u8").tofile(output + ".offsets")
    with open(output + ".keys", "wb") as f:
        f.write(packer.pack(keys))
    with open(output + ".md5", "w") as f:
        f.write(f"{md5.hexdigest()}  {output}\n")
    print(len(keys))


if __name__ == "__main__":
    main(*sys.argv[1:4])
