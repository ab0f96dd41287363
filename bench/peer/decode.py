#!/usr/bin/env python3
"""Python's json.loads on the documented example answer, alone and followed by building the
objects a program would keep (the fields lumatop's Generation holds), in µs per answer. Prints
lines "name value unit" like lumatop-bench."""
import base64
import json
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Optional


@dataclass
class Media:
    url: Optional[str] = None
    width: Optional[int] = None
    height: Optional[int] = None
    download_url: Optional[str] = None
    duration: Optional[float] = None
    media_type: Optional[str] = None
    palette: Optional[bytes] = None


@dataclass
class Generation:
    id: str
    state: str
    prompt: Optional[str]
    aspect_ratio: Optional[str]
    video: Optional[Media]
    video_raw: Optional[Media]
    thumbnail: Optional[Media]
    last_frame: Optional[Media]
    artifact: Optional[dict]
    created_at: Optional[datetime]
    failure_reason: Optional[str]


def media(o):
    if not isinstance(o, dict):
        return None
    grid = (o.get("palette") or {}).get("grid")
    return Media(o.get("url"), o.get("width"), o.get("height"), o.get("download_url"), o.get("duration"),
                 o.get("media_type"), base64.b64decode(grid) if grid else None)


def when(text):
    if not text:
        return None
    t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return None if t.year < 1971 else t


def generation(o):
    request = o.get("request") or {}
    a = o.get("artifact")
    artifact = None if a is None else {k: media(a.get(k)) for k in ("video", "video_raw", "thumbnail", "last_frame")}
    if artifact is not None:
        artifact["created_at"] = when(a.get("created_at"))
    return Generation(o["id"], o["state"], request.get("prompt") or request.get("user_prompt"), request.get("aspect_ratio"),
                      media(o.get("video")), media(o.get("video_raw")), media(o.get("thumbnail")), media(o.get("last_frame")),
                      artifact, when(o.get("created_at")), o.get("failure_reason"))


def per_answer(f, body, n):
    for _ in range(n // 20):
        f(body)
    t0 = time.perf_counter()
    for _ in range(n):
        f(body)
    return (time.perf_counter() - t0) / n * 1e6


def main():
    with open(sys.argv[1], "rb") as fh:
        body = fh.read()
    assert generation(json.loads(body)).id == "4665a07c-7641-4809-a133-10786201bb56"
    print("peer.decode.loads", per_answer(json.loads, body, 20000), "µs/answer")
    print("peer.decode.objects", per_answer(lambda b: generation(json.loads(b)), body, 20000), "µs/answer")


if __name__ == "__main__":
    main()
