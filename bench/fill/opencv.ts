/** OpenCV's Telea and Navier–Stokes inpainting through `opencv_inpaint.py`: the fill bench's classical baseline. */
import { execFileSync, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface InpaintJob {
  image: string
  mask: string
  telea: string
  ns: string
}

export type InpaintTimings = { teleaMs: number; nsMs: number }[]

const script = fileURLToPath(new URL('./opencv_inpaint.py', import.meta.url))

/**
 * A Python that can import cv2: the one on PATH, else the system one, where Debian's python3-opencv installs
 * (a version manager's python3 often shadows it). Undefined when neither can.
 */
export function openCvPython(): string | undefined {
  return ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import cv2'], { stdio: 'ignore' }).status === 0)
}

export function inpaintWithOpenCv(python: string, jobs: InpaintJob[]): InpaintTimings {
  return JSON.parse(execFileSync(python, [script], { input: JSON.stringify(jobs), maxBuffer: 16 * 1024 * 1024 }).toString()) as InpaintTimings
}
