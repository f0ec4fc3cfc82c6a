# The Pillow side of bench/Datadings.Bench.Transforms: the same job (decode JPEG, RGB, resize to 224x224, encode
# JPEG quality 90) on the same files, in one process (one core). Files are read into memory before timing, as the
# .NET side reads a memory-mapped dataset from the page cache. Prints "samples_per_wall_second samples_per_cpu_second mean_output_bytes".
# With a 6th argument (a folder), the first 200 outputs are written there afterwards, for the quality comparison.
import io, os, sys, time
from PIL import Image

folder, size, quality, resample = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
keep = sys.argv[5] if len(sys.argv) > 5 else None
filters = {"bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC, "lanczos": Image.LANCZOS, "nearest": Image.NEAREST}
blobs = [open(os.path.join(folder, n), "rb").read() for n in sorted(os.listdir(folder))]
start, cpu = time.perf_counter(), time.process_time()
total = 0
for blob in blobs:
    image = Image.open(io.BytesIO(blob)).convert("RGB").resize((size, size), filters[resample])
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    total += out.tell()
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
if keep:
    os.makedirs(keep, exist_ok=True)
    for i, blob in enumerate(blobs[:200]):
        Image.open(io.BytesIO(blob)).convert("RGB").resize((size, size), filters[resample]).save(os.path.join(keep, f"{i:05d}.jpg"), "JPEG", quality=quality)
print(f"{len(blobs) / elapsed:.1f} {len(blobs) / cpu:.1f} {total / len(blobs):.0f}")
