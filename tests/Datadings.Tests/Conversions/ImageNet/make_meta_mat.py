# Writes the miniature ILSVRC2012 devkit meta.mat fixtures with SciPy (Debian python3-scipy): the devkit's layout,
# a struct array "synsets" (N×1) with the fields ILSVRC2012_ID, WNID, words, gloss, num_children, children,
# wordnet_height, num_train_images. Leaf synsets are the classes; their ids are deliberately not in sorted-wnid order.
# Run: /usr/bin/python3 make_meta_mat.py  (the .mat files are committed; this documents how they were made)
import numpy as np
import scipy.io as sio

rows = [
    (1, "n02119789", "kit fox, Vulpes macrotis", "small grey fox", 0, [], 0, 1300),
    (2, "n01440764", "tench, Tinca tinca", "freshwater dace-like game fish", 0, [], 0, 1300),
    (3, "n01443537", "goldfish, Carassius auratus", "small golden or orange-red freshwater fishes", 0, [], 0, 1300),
    (4, "n00001740", "entity", "that which is perceived", 1, [5], 9, 0),
    (5, "n00021939", "artifact, artefact", "a man-made object", 3, [1, 2, 3], 8, 0),
]
fields = ["ILSVRC2012_ID", "WNID", "words", "gloss", "num_children", "children", "wordnet_height", "num_train_images"]
synsets = np.zeros((len(rows), 1), dtype=[(f, "O") for f in fields])
for i, r in enumerate(rows):
    for f, v in zip(fields, r):
        synsets[i, 0][f] = np.array(v, dtype=float).reshape(1, -1) if f == "children" else (float(v) if isinstance(v, int) else v)
for compressed, name in [(True, "meta.mat"), (False, "meta-uncompressed.mat")]:
    sio.savemat(name, {"synsets": synsets}, do_compression=compressed, oned_as="column")
