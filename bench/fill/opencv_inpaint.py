"""OpenCV's classical inpainting, the fill bench's baseline: Telea (2004) and Navier-Stokes (Bertalmio et al. 2001).

Reads a JSON list of {"image", "mask", "telea", "ns"} PNG paths on stdin, writes both results, and prints a JSON
list of {"teleaMs", "nsMs"} (the inpaint calls alone, without file I/O). Usage: python3 opencv_inpaint.py < jobs.json
"""
import json
import sys
import time

import cv2

RADIUS = 3  # OpenCV's documented example radius


def main():
    timings = []
    for job in json.load(sys.stdin):
        image = cv2.imread(job["image"], cv2.IMREAD_COLOR)
        mask = cv2.imread(job["mask"], cv2.IMREAD_GRAYSCALE)
        mask = (mask >= 128).astype("uint8") * 255
        timing = {}
        for key, flag in (("telea", cv2.INPAINT_TELEA), ("ns", cv2.INPAINT_NS)):
            start = time.perf_counter()
            result = cv2.inpaint(image, mask, RADIUS, flag)
            timing[key + "Ms"] = (time.perf_counter() - start) * 1000
            cv2.imwrite(job[key], result)
        timings.append(timing)
    json.dump(timings, sys.stdout)


if __name__ == "__main__":
    main()
