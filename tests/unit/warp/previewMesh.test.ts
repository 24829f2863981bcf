import { describe, expect, it } from 'vitest'
import { displacementAt, eachCell, solveWarp, type Drag, type WarpField } from '../../../src-shared/warp'
import { WarpMesh } from '../../../src-renderer/editor/drag/warpMesh'

const layer = { width: 400, height: 300 }
const drag: Drag = {
  handles: [
    { x: 120, y: 100 },
    { x: 260, y: 180 },
  ],
  targets: [
    { x: 140, y: 90 },
    { x: 250, y: 205 },
  ],
  pins: [
    { x: 0, y: 0 },
    { x: 399, y: 0 },
    { x: 0, y: 299 },
    { x: 399, y: 299 },
  ],
  mode: 'rigid',
}

/**
 * The mesh rasterised on the CPU at points just off each layer pixel's centre (clear of the grid's lines): per
 * point, how many triangles cover it, and the farthest any covering triangle reads from where the field says.
 */
function rasterise(mesh: WarpMesh, field: ReturnType<typeof solveWarp>['field']) {
  const { width, height } = layer
  const covered = new Uint8Array(width * height)
  const shift = new Float64Array(2)
  let worst = 0
  const v = mesh.vertices
  for (let t = 0; t < mesh.indexCount; t += 3) {
    const [a, b, c] = [mesh.indices[t]!, mesh.indices[t + 1]!, mesh.indices[t + 2]!].map((k) => 4 * k) as [number, number, number]
    const area = (v[b]! - v[a]!) * (v[c + 1]! - v[a + 1]!) - (v[c]! - v[a]!) * (v[b + 1]! - v[a + 1]!)
    const left = Math.floor(Math.min(v[a]!, v[b]!, v[c]!))
    const right = Math.ceil(Math.max(v[a]!, v[b]!, v[c]!))
    const top = Math.floor(Math.min(v[a + 1]!, v[b + 1]!, v[c + 1]!))
    const bottom = Math.ceil(Math.max(v[a + 1]!, v[b + 1]!, v[c + 1]!))
    for (let y = Math.max(0, top); y < Math.min(height, bottom); y++) {
      for (let x = Math.max(0, left); x < Math.min(width, right); x++) {
        const px = x + 0.5013
        const py = y + 0.5029
        const wa = ((v[b]! - px) * (v[c + 1]! - py) - (v[c]! - px) * (v[b + 1]! - py)) / area
        const wb = ((v[c]! - px) * (v[a + 1]! - py) - (v[a]! - px) * (v[c + 1]! - py)) / area
        const wc = 1 - wa - wb
        if (wa < 0 || wb < 0 || wc < 0) continue
        covered[y * width + x]!++
        // The field answers for points up to the last pixel's centre; the GPU's scissor ends the area there too.
        if (x === width - 1 || y === height - 1) continue
        displacementAt(field, px - 0.5, py - 0.5, shift)
        const readX = wa * v[a + 2]! + wb * v[b + 2]! + wc * v[c + 2]! - 0.5
        const readY = wa * v[a + 3]! + wb * v[b + 3]! + wc * v[c + 3]! - 0.5
        worst = Math.max(worst, Math.abs(readX - (px - 0.5 + shift[0]!)), Math.abs(readY - (py - 0.5 + shift[1]!)))
      }
    }
  }
  return { covered, worst }
}

/**
 * How far the field's own cells, each drawn as two triangles, read from the field (bilinear across each cell):
 * a quarter of the cell's twist, at its centre. The mesh drawn cell by cell was off by this much already.
 */
function triangulationError(field: WarpField): number {
  let worst = 0
  eachCell(field, (_i, _j, n, xs, ys) => {
    for (let v = 0; v < n; v++) {
      for (let u = 0; u < n; u++) {
        const a = v * (n + 1) + u
        const c = a + n + 1
        worst = Math.max(worst, Math.abs(xs[a]! - xs[a + 1]! - xs[c]! + xs[c + 1]!) / 4, Math.abs(ys[a]! - ys[a + 1]! - ys[c]! + ys[c + 1]!) / 4)
      }
    }
  })
  return worst
}

describe('the GPU preview mesh', () => {
  it.each([0.5, 1, 2])('at scale %s covers every pixel once and reads within half a screen pixel of what the cells drawn one by one read', (scale) => {
    const { field } = solveWarp(drag, layer)
    const mesh = new WarpMesh()
    mesh.build(field, layer, { scale, x: 0, y: 0 }, { width: layer.width * scale, height: layer.height * scale }, false)
    const { covered, worst } = rasterise(mesh, field)
    expect(covered.every((count) => count === 1)).toBe(true)
    expect(worst).toBeGreaterThan(0)
    expect(worst).toBeLessThanOrEqual(0.5 / scale + triangulationError(field))
  })

  it('draws a drag with fewer triangles than the field has cells, and the layer unwarped with two a block', () => {
    const { field } = solveWarp(drag, layer)
    const cells = (field.columns - 1) * (field.rows - 1)
    const mesh = new WarpMesh()
    mesh.build(field, layer, { scale: 0.5, x: 0, y: 0 }, { width: 200, height: 150 }, false)
    // Drawn cell by cell, it took two triangles a cell and 32 a refined one.
    expect(mesh.indexCount / 3).toBeLessThan(cells)
    const unwarped = solveWarp({ ...drag, targets: drag.handles }, layer).field
    mesh.build(unwarped, layer, { scale: 0.5, x: 0, y: 0 }, { width: 200, height: 150 }, false)
    const blocks = Math.ceil((field.columns - 1) / 4) * Math.ceil((field.rows - 1) / 4)
    expect(mesh.indexCount / 3).toBe(2 * blocks)
  })

  it('leaves out the cells off the canvas', () => {
    const { field } = solveWarp(drag, layer)
    const mesh = new WarpMesh()
    // The canvas shows layer columns 300–350: a block reaching them is at most 48 pixels wide here.
    mesh.build(field, layer, { scale: 1, x: -300, y: 0 }, { width: 50, height: 300 }, false)
    expect(mesh.indexCount).toBeGreaterThan(0)
    const xs = Array.from(mesh.indices.subarray(0, mesh.indexCount), (k) => mesh.vertices[4 * k]!)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(300 - 48)
  })
})
