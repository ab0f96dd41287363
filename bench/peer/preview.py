"""The peer of lumatop's preview: Pillow (its libjpeg-turbo, draft mode for scaled decoding, and
its box filter) making the same 1360x752 thumbnail into a 120x68 picture, in ms per preview.
Prints "name value unit" lines as lumatop-bench does."""
import io
import statistics
import sys
import time

from PIL import Image

data = open(sys.argv[1], "rb").read()
box = (120, 68)


def preview():
    img = Image.open(io.BytesIO(data))
    img.draft("RGB", box)  # decode scaled down by the library, as TurboJPEG does for lumatop
    return img.convert("RGB").resize(box, Image.BOX)


for _ in range(20):
    preview()
ms = []
for _ in range(300):
    t0 = time.perf_counter_ns()
    preview()
    ms.append((time.perf_counter_ns() - t0) / 1e6)
print(f"peer.preview.decodeScale {statistics.median(ms)} ms/preview (median)")
