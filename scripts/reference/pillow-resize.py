#!/usr/bin/python3
"""Writes tests/PidGpu.Tests/Reference/pillow-bicubic.json: Pillow's own bicubic resize of small synthetic RGB
images, and the CLIP preprocessing of Hugging Face's CLIPImageProcessor (llava-hf 1.5) built on it, step by step
as transformers does it, for PidGpu's C# port to match byte for byte (resize) and to 1e-6 (normalised tensor).

Run from the repository root with Debian's Pillow (apt-get install -y python3-pil python3-numpy):
    /usr/bin/python3 scripts/reference/pillow-resize.py

Pixels are "random" from a 32-bit LCG (state = state * 1664525 + 1013904223 mod 2^32, byte = state >> 24,
one byte per channel value in HWC order, starting from the case's seed), so the tests rebuild the inputs
instead of storing them. Small outputs are stored whole (base64 bytes, float lists); the 336-pixel cases store
the SHA-256 of the resized and cropped bytes and the normalised values at every 997th index.
"""
import base64
import hashlib
import json
import sys

import numpy as np
import PIL
from PIL import Image

MEAN = [0.48145466, 0.4578275, 0.40821073]  # image_mean of llava-hf/llava-1.5-7b-hf preprocessor_config.json
STD = [0.26862954, 0.26130258, 0.27577711]  # image_std
SAMPLE_STRIDE = 997


def lcg_pixels(width, height, seed):
    state, out = seed & 0xFFFFFFFF, bytearray(width * height * 3)
    for i in range(len(out)):
        state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
        out[i] = state >> 24
    return bytes(out)


def expand2square(img, background):
    """The original LLaVA repository's pad-to-square (llava/mm_utils.py)."""
    width, height = img.size
    if width == height:
        return img
    side = max(width, height)
    result = Image.new(img.mode, (side, side), background)
    result.paste(img, (0, (side - height) // 2) if width > height else ((side - width) // 2, 0))
    return result


def preprocess(img, shortest, crop):
    """transformers' CLIPImageProcessor: resize shortest edge (bicubic), centre crop, rescale, normalise."""
    width, height = img.size
    short, long = (width, height) if width <= height else (height, width)
    new_long = int(shortest * long / short)
    size = (shortest, new_long) if width <= height else (new_long, shortest)
    resized = img.resize(size, Image.BICUBIC)  # Pillow returns a copy when the size is unchanged
    arr = np.asarray(resized)
    top, left = (size[1] - crop) // 2, (size[0] - crop) // 2
    cropped = arr[top:top + crop, left:left + crop]
    x = (cropped.astype(np.float64) * (1 / 255)).astype(np.float32)
    x = (x - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    return resized, np.ascontiguousarray(cropped), np.ascontiguousarray(x.transpose(2, 0, 1)).ravel()


def b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def sha(data):
    return hashlib.sha256(bytes(data)).hexdigest()


resize_cases = []
for (w, h, ow, oh, seed) in [(7, 5, 16, 12, 1), (40, 30, 12, 9, 2), (13, 29, 6, 13, 3), (5, 5, 11, 11, 4),
                             (64, 48, 62, 47, 5), (3, 2, 30, 20, 6), (1, 7, 3, 21, 7), (17, 11, 17, 23, 8),
                             (17, 11, 6, 11, 9), (9, 9, 9, 9, 10), (33, 8, 5, 2, 11), (2, 2, 1, 1, 12)]:
    img = Image.frombytes("RGB", (w, h), lcg_pixels(w, h, seed))
    out = img.resize((ow, oh), Image.BICUBIC)
    resize_cases.append({"width": w, "height": h, "seed": seed, "out_width": ow, "out_height": oh,
                         "rgb": b64(out.tobytes())})

preprocess_cases = []
for (w, h, shortest, crop, pad, seed) in [(7, 5, 12, 12, False, 21), (40, 30, 9, 8, False, 22),
                                          (13, 29, 6, 5, False, 23), (30, 18, 10, 10, True, 24),
                                          (18, 30, 10, 9, True, 25), (9, 9, 9, 9, False, 26),
                                          (200, 150, 336, 336, False, 27), (800, 500, 336, 336, False, 28),
                                          (500, 700, 336, 336, True, 29), (336, 336, 336, 336, False, 30)]:
    img = Image.frombytes("RGB", (w, h), lcg_pixels(w, h, seed))
    if pad:
        img = expand2square(img, tuple(int(m * 255) for m in MEAN))
    resized, cropped, chw = preprocess(img, shortest, crop)
    case = {"width": w, "height": h, "seed": seed, "shortest_edge": shortest, "crop": crop, "pad_to_square": pad,
            "resized_width": resized.size[0], "resized_height": resized.size[1]}
    if shortest <= 16:
        case.update(resized_rgb=b64(resized.tobytes()), pixel_values=[float(v) for v in chw])
    else:
        case.update(resized_sha256=sha(resized.tobytes()), cropped_sha256=sha(cropped.tobytes()),
                    sample_stride=SAMPLE_STRIDE, pixel_samples=[float(v) for v in chw[::SAMPLE_STRIDE]])
    preprocess_cases.append(case)

# Image files as Pillow writes them, decoded by Pillow (Image.open(...).convert("RGB"), as the HF processors do):
# JPEG with 4:2:0 and 4:4:4 chroma and in grey, PNG with a palette and transparency, grey + alpha, and RGBA.
file_cases = []
base = np.frombuffer(lcg_pixels(83, 61, 41), dtype=np.uint8).reshape(61, 83, 3)
yy, xx = np.mgrid[0:61, 0:83]
smooth = np.stack([(3 * xx + yy) % 256, (4 * yy) % 256, (xx * yy) % 256], -1)
photo = np.clip(smooth + base // 6, 0, 255).astype(np.uint8)  # smooth content plus noise, like a photograph
alpha = np.frombuffer(lcg_pixels(83, 61, 42), dtype=np.uint8).reshape(61, 83, 3)[:, :, 0]
files = {
    "q90-420.jpg": (Image.fromarray(photo), {"quality": 90}),
    "q75-444.jpg": (Image.fromarray(photo), {"quality": 75, "subsampling": 0}),
    "grey.jpg": (Image.fromarray(photo.mean(-1).astype(np.uint8)), {"quality": 85}),
    "palette.png": (Image.fromarray(photo).quantize(37), {"transparency": 5}),
    "grey-alpha.png": (Image.fromarray(np.stack([photo[:, :, 1], alpha], -1), "LA"), {}),
    "rgba.png": (Image.fromarray(np.dstack([photo, alpha]), "RGBA"), {}),
}
for name, (img, options) in files.items():
    path = f"tests/PidGpu.Tests/Reference/images/{name}"
    img.save(path, **options)
    decoded = Image.open(path).convert("RGB")
    resized, cropped, _ = preprocess(decoded, 336, 336)
    file_cases.append({"file": f"images/{name}", "width": decoded.size[0], "height": decoded.size[1],
                       "decoded_sha256": sha(decoded.tobytes()), "resized_sha256": sha(resized.tobytes())})

doc = {
    "source": f"Pillow {PIL.__version__} (Debian python3-pil), NumPy {np.__version__}, Python {sys.version.split()[0]}",
    "command": "/usr/bin/python3 scripts/reference/pillow-resize.py",
    "pixels": "LCG: state = state * 1664525 + 1013904223 mod 2^32 from seed; each HWC byte = state >> 24",
    "mean": MEAN,
    "std": STD,
    "resize": resize_cases,
    "preprocess": preprocess_cases,
    "files": file_cases,
}
out = "tests/PidGpu.Tests/Reference/pillow-bicubic.json"
with open(out, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print(f"wrote {len(resize_cases)} resize, {len(preprocess_cases)} preprocess and {len(file_cases)} file cases to {out}")
