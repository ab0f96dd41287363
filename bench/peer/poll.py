#!/usr/bin/env python3
"""The job done the way people do it today without lumatop: a loop with `requests` that polls
every generation, eight at a time, once a second, and prints each one's state when it changes.
Needs `pip install requests`."""
import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

FINISHED = ("completed", "failed")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base-url", required=True)
    p.add_argument("--ids-file", required=True)
    p.add_argument("--interval", type=float, default=1.0)
    p.add_argument("--workers", type=int, default=8)
    args = p.parse_args()
    key = os.environ["QUICKROUTER_API_KEY"]
    with open(args.ids_file) as f:
        active = [line.strip() for line in f if line.strip()]

    local = threading.local()

    def session():
        s = getattr(local, "session", None)
        if s is None:
            s = local.session = requests.Session()
            s.headers.update({"Authorization": f"Bearer {key}", "Accept": "application/json"})
        return s

    def poll(task_id):
        try:
            r = session().get(f"{args.base_url}/luma/generations/{task_id}", timeout=20)
            r.raise_for_status()
            g = r.json()
            return task_id, g["state"]
        except (requests.RequestException, ValueError, KeyError) as e:
            return task_id, f"error: {e}"

    states = {}
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        while active:
            started = time.monotonic()
            for task_id, state in pool.map(poll, active):
                if states.get(task_id) != state:
                    states[task_id] = state
                    print(task_id, state, flush=True)
            active = [i for i in active if states[i] not in FINISHED]
            time.sleep(max(0.0, args.interval - (time.monotonic() - started)))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
