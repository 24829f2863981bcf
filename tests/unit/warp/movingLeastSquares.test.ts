import { describe, expect, it } from 'vitest'
import { controlPoints, deformPoint, solveField, warpModes, type Point, type WarpMode } from '../../../src-shared/warp'

const handles: Point[] = [
  { x: 20, y: 30 },
  { x: 90, y: 25 },
  { x: 60, y: 80 },
  { x: 35, y: 70 },
]
const probes: Point[] = [
  { x: 0, y: 0 },
  { x: 50, y: 50 },
  { x: 77.5, y: 12.25 },
  { x: 128, y: 96 },
  { x: 20, y: 30 },
]

function deform(v: Point, from: Point[], to: Point[], mode: WarpMode): Point {
  const out = new Float64Array(2)
  deformPoint(v.x, v.y, controlPoints(from, to), mode, 1, new Float64Array(from.length), out)
  return { x: out[0]!, y: out[1]! }
}

function expectNear(actual: Point, expected: Point, digits = 9): void {
  expect(actual.x).toBeCloseTo(expected.x, digits)
  expect(actual.y).toBeCloseTo(expected.y, digits)
}

const rotate = (p: Point, angle: number, scale = 1, centre: Point = { x: 50, y: 50 }): Point => ({
  x: centre.x + scale * ((p.x - centre.x) * Math.cos(angle) - (p.y - centre.y) * Math.sin(angle)),
  y: centre.y + scale * ((p.x - centre.x) * Math.sin(angle) + (p.y - centre.y) * Math.cos(angle)),
})

describe('moving least squares (Schaefer et al. 2006)', () => {
  it.each(warpModes)('%s: handles on their targets leave every grid node exactly where it is', (mode) => {
    const field = solveField({ handles, targets: handles, pins: [], mode }, { x: 0, y: 0, width: 100, height: 90 }, undefined)
    expect(field.dx.every((d) => d === 0) && field.dy.every((d) => d === 0)).toBe(true)
  })

  it.each(warpModes)('%s: translated pairs translate the whole plane', (mode) => {
    const shift = { x: 17.25, y: -9.5 }
    const targets = handles.map((p) => ({ x: p.x + shift.x, y: p.y + shift.y }))
    for (const v of probes) expectNear(deform(v, handles, targets, mode), { x: v.x + shift.x, y: v.y + shift.y })
    // The backward field reads every output pixel from one shift back.
    const field = solveField({ handles, targets, pins: [], mode }, { x: 0, y: 0, width: 64, height: 48 }, undefined)
    for (let k = 0; k < field.dx.length; k++) {
      expect(field.dx[k]).toBeCloseTo(-shift.x, 9)
      expect(field.dy[k]).toBeCloseTo(-shift.y, 9)
    }
  })

  it('rigid: rotated pairs rotate the plane exactly', () => {
    const targets = handles.map((p) => rotate(p, 0.4))
    for (const v of probes) expectNear(deform(v, handles, targets, 'rigid'), rotate(v, 0.4))
  })

  it('similarity: rotated and scaled pairs rotate and scale the plane exactly', () => {
    const targets = handles.map((p) => rotate(p, -0.7, 1.6))
    for (const v of probes) expectNear(deform(v, handles, targets, 'similarity'), rotate(v, -0.7, 1.6))
  })

  it('affine: sheared pairs shear the plane exactly', () => {
    const shear = (p: Point): Point => ({ x: 1.2 * p.x + 0.3 * p.y + 4, y: -0.1 * p.x + 0.9 * p.y - 7 })
    const targets = handles.map(shear)
    for (const v of probes) expectNear(deform(v, handles, targets, 'affine'), shear(v))
  })

  it.each(warpModes)('%s: each handle lands exactly on its target and pins hold', (mode) => {
    const pins: Point[] = [
      { x: 0, y: 0 },
      { x: 120, y: 0 },
      { x: 0, y: 100 },
      { x: 120, y: 100 },
    ]
    const targets = [
      { x: 30, y: 40 },
      { x: 85, y: 35 },
      { x: 62, y: 70 },
      { x: 35, y: 70 },
    ]
    const from = [...handles, ...pins]
    const to = [...targets, ...pins]
    from.forEach((p, i) => expect(deform(p, from, to, mode)).toEqual(to[i]))
    // In the backward field, a pin on a grid node reads its own pixel.
    const field = solveField({ handles, targets, pins, mode }, { x: 0, y: 0, width: 120, height: 100 }, undefined, { spacing: 20 })
    const corner = (field.rows - 1) * field.columns
    for (const k of [0, corner, corner + field.columns - 1]) expect([field.dx[k], field.dy[k]]).toEqual([0, 0])
  })

  it.each(warpModes)('%s: one handle alone translates', (mode) => {
    expectNear(deform({ x: 5, y: 9 }, [{ x: 40, y: 40 }], [{ x: 46, y: 31 }], mode), { x: 11, y: 0 })
  })

  it('affine falls back to similarity for collinear pairs instead of dividing by zero', () => {
    const from = [
      { x: 10, y: 10 },
      { x: 50, y: 10 },
    ]
    const to = from.map((p) => rotate(p, 0.3))
    expectNear(deform({ x: 30, y: 40 }, from, to, 'affine'), deform({ x: 30, y: 40 }, from, to, 'similarity'))
  })
})
