import { eachCell, type WarpField } from '../../../src-shared/warp'

/** Where the layer lies on the renderer's canvas: canvas pixel = layer pixel · scale + (x, y). */
export interface Placement {
  scale: number
  x: number
  y: number
}

/**
 * How far (canvas pixels) a merged quad may read from where the field says at the nodes it spans, by default.
 * Half a pixel: less than the pyramid level and bilinear sampling already blur.
 */
export const TOLERANCE = 0.5

/**
 * The side of a merged quad on the canvas, at most. SwiftShader (WebGL where there is no GPU) pays a few
 * microseconds a triangle: the field's 8000 cells of 10 pixels (a 1920×1080 layer fitted to the window) cost
 * twice what drawing their pixels does. The field is smooth: most of it is drawn with quads of 24–48 pixels.
 */
const MERGED_SIDE = 48

/**
 * The triangle mesh that draws the layer warped by a field: vertex = (output point, where it reads), layer
 * pixels, as 4 floats. The field's cells are merged into blocks of up to MERGED_SIDE canvas pixels wherever the
 * block, drawn as two triangles from its corners, reads within TOLERANCE of every node inside it; a block that does
 * not is split in four, down to single cells, and a cell with a lattice (refined near the handles and pins, or in
 * the region's feathered edge) is drawn as the lattice the fold check samples, its sub-steps merged the same way. Merged and unmerged cells meet along the grid's lines, straight in output space, so the
 * mesh has no gaps where they meet; what is read there differs by less than TOLERANCE. Cells wholly off the canvas
 * are left out. The buffers are kept from one build to the next.
 */
export class WarpMesh {
  vertices = new Float32Array(0)
  indices = new Uint32Array(0)
  vertexCount = 0
  indexCount = 0
  /** Per node of the field (x, y interleaved): where it reads, for the cells drawn from their corners. */
  private nodes = new Float64Array(0)
  /** Per node of the field: its vertex in this build, or -1 while no quad has used it. */
  private vertexOfNode = new Int32Array(0)
  /** Per cell: -1 where its corners tell all (n = 1), else the offset of its lattice in `lattices`. */
  private latticeOf = new Int32Array(0)
  private lattices = new Float64Array(0)
  /** Points a side of a lattice: the fold check's sub-steps plus one. */
  private latticeSide = 2
  private latticePoints = 0

  /**
   * Builds the mesh of the layer (`layerSize`) warped by `field` for a canvas of `canvasSize` on which the layer
   * lies at `placement`; with `underlay`, first the layer's whole rectangle unwarped (where the field's area is
   * smaller than the layer, the layer shows as it is around it: 4 vertices, 6 indices). Merged quads read within
   * `tolerance` canvas pixels of the field.
   */
  build(
    field: WarpField,
    layerSize: { width: number; height: number },
    placement: Placement,
    canvasSize: { width: number; height: number },
    underlay: boolean,
    tolerance = TOLERANCE,
  ): void {
    this.collect(field)
    const { area, spacing, columns, rows } = field
    const cellColumns = columns - 1
    const cellRows = rows - 1
    const layerTolerance = tolerance / placement.scale
    const block = Math.max(1, 2 ** Math.floor(Math.log2(MERGED_SIDE / (spacing * placement.scale))))
    const fine = this.latticeSide - 1
    // Bounded by every cell drawn at its finest, plus the underlay.
    this.reserve(4 + columns * rows + this.latticePoints, 6 + 6 * fine * fine * cellColumns * cellRows)
    this.vertexCount = 0
    this.indexCount = 0
    if (underlay) {
      const { width: w, height: h } = layerSize
      this.vertices.set([0, 0, 0, 0, w, 0, w, 0, 0, h, 0, h, w, h, w, h])
      this.indices.set([0, 1, 2, 1, 3, 2])
      this.vertexCount = 4
      this.indexCount = 6
    }
    if (this.vertexOfNode.length < columns * rows) this.vertexOfNode = new Int32Array(columns * rows)
    this.vertexOfNode.fill(-1, 0, columns * rows)
    const onCanvas = (i0: number, j0: number, i1: number, j1: number) => {
      const left = (area.x + i0 * spacing) * placement.scale + placement.x
      const top = (area.y + j0 * spacing) * placement.scale + placement.y
      const right = (area.x + i1 * spacing + 1) * placement.scale + placement.x
      const bottom = (area.y + j1 * spacing + 1) * placement.scale + placement.y
      return right >= 0 && left <= canvasSize.width && bottom >= 0 && top <= canvasSize.height
    }
    // Only the nodes a quad uses become vertices: most of a merged field's nodes lie inside its quads.
    const nodeVertex = (i: number, j: number) => {
      const node = j * columns + i
      const known = this.vertexOfNode[node]!
      if (known >= 0) return known
      const vertex = this.vertexCount++
      this.vertexOfNode[node] = vertex
      const o = 4 * vertex
      // Layer pixel x spans [x, x + 1) here, its centre at x + 0.5, where the field reads it.
      this.vertices[o] = area.x + i * spacing + 0.5
      this.vertices[o + 1] = area.y + j * spacing + 0.5
      this.vertices[o + 2] = this.nodes[2 * node]! + 0.5
      this.vertices[o + 3] = this.nodes[2 * node + 1]! + 0.5
      return vertex
    }
    // A block that does not pass is split in four, down to single cells.
    const draw = (i0: number, j0: number, i1: number, j1: number): void => {
      if (!onCanvas(i0, j0, i1, j1)) return
      if (i1 - i0 === 1 && j1 - j0 === 1) {
        const lattice = this.latticeOf[j0 * cellColumns + i0]!
        if (lattice >= 0) return this.latticeCell(field, i0, j0, lattice, layerTolerance)
      }
      if (this.blockFits(field, i0, j0, i1, j1, layerTolerance)) return this.quad(nodeVertex(i0, j0), nodeVertex(i1, j0), nodeVertex(i0, j1), nodeVertex(i1, j1))
      const im = Math.min(i0 + Math.ceil((i1 - i0) / 2), i1)
      const jm = Math.min(j0 + Math.ceil((j1 - j0) / 2), j1)
      draw(i0, j0, im, jm)
      if (im < i1) draw(im, j0, i1, jm)
      if (jm < j1) draw(i0, jm, im, j1)
      if (im < i1 && jm < j1) draw(im, jm, i1, j1)
    }
    for (let j0 = 0; j0 < cellRows; j0 += block) for (let i0 = 0; i0 < cellColumns; i0 += block) draw(i0, j0, Math.min(i0 + block, cellColumns), Math.min(j0 + block, cellRows))
  }

  /** Each cell's mapped corners (shared as the field's nodes) or mapped lattice, from the fold check's own sampling. */
  private collect(field: WarpField): void {
    const { columns, rows } = field
    if (this.nodes.length < 2 * columns * rows) this.nodes = new Float64Array(2 * columns * rows)
    if (this.latticeOf.length < (columns - 1) * (rows - 1)) this.latticeOf = new Int32Array((columns - 1) * (rows - 1))
    let used = 0
    eachCell(field, (i, j, n, xs, ys) => {
      if (n === 1) {
        this.latticeOf[j * (columns - 1) + i] = -1
        for (let v = 0, k = 0; v <= 1; v++) {
          for (let u = 0; u <= 1; u++, k++) {
            const node = (j + v) * columns + i + u
            this.nodes[2 * node] = xs[k]!
            this.nodes[2 * node + 1] = ys[k]!
          }
        }
        return
      }
      const points = (n + 1) * (n + 1)
      this.latticeSide = n + 1
      if (this.lattices.length < used + 2 * points) {
        const grown = new Float64Array(Math.max(2 * this.lattices.length, used + 2 * points))
        grown.set(this.lattices.subarray(0, used))
        this.lattices = grown
      }
      this.latticeOf[j * (columns - 1) + i] = used
      for (let k = 0; k < points; k++) {
        this.lattices[used++] = xs[k]!
        this.lattices[used++] = ys[k]!
      }
    })
    this.latticePoints = used / 2
  }

  /** Whether cells [i0, i1) × [j0, j1) are all drawn from their corners and the block's corners reproduce every node inside. */
  private blockFits(field: WarpField, i0: number, j0: number, i1: number, j1: number, tolerance: number): boolean {
    const { columns } = field
    for (let j = j0; j < j1; j++) for (let i = i0; i < i1; i++) if (this.latticeOf[j * (columns - 1) + i]! >= 0) return false
    if (i1 - i0 === 1 && j1 - j0 === 1) return true
    return isDrawnWithin(this.nodes, 2 * (j0 * columns + i0), 2 * columns, i1 - i0, j1 - j0, tolerance)
  }

  /** A cell drawn from its lattice, in the coarsest of 1, 2, 4… steps a side that reads within tolerance of every point. */
  private latticeCell(field: WarpField, i: number, j: number, offset: number, tolerance: number): void {
    const side = this.latticeSide
    const n = side - 1
    const lattices = this.lattices
    let steps = 1
    for (; steps < n; steps *= 2) {
      const size = n / steps
      let fits = true
      for (let v = 0; v < n && fits; v += size) {
        for (let u = 0; u < n && fits; u += size) fits = isDrawnWithin(lattices, offset + 2 * (v * side + u), 2 * side, size, size, tolerance)
      }
      if (fits) break
    }
    const { area, spacing } = field
    const stride = n / steps
    const first = this.vertexCount
    for (let v = 0; v <= n; v += stride) {
      for (let u = 0; u <= n; u += stride) {
        const o = 4 * this.vertexCount++
        const k = offset + 2 * (v * side + u)
        this.vertices[o] = area.x + (i + u / n) * spacing + 0.5
        this.vertices[o + 1] = area.y + (j + v / n) * spacing + 0.5
        this.vertices[o + 2] = lattices[k]! + 0.5
        this.vertices[o + 3] = lattices[k + 1]! + 0.5
      }
    }
    for (let v = 0; v < steps; v++) {
      for (let u = 0; u < steps; u++) {
        const a = first + v * (steps + 1) + u
        this.quad(a, a + 1, a + steps + 1, a + steps + 2)
      }
    }
  }

  /** Two triangles over a quad: top-left, top-right, bottom-left, bottom-right. */
  private quad(a: number, b: number, c: number, d: number): void {
    const indices = this.indices
    let k = this.indexCount
    indices[k++] = a
    indices[k++] = b
    indices[k++] = c
    indices[k++] = b
    indices[k++] = d
    indices[k++] = c
    this.indexCount = k
  }

  private reserve(vertexCount: number, indexCount: number): void {
    if (this.vertices.length < 4 * vertexCount) this.vertices = new Float32Array(4 * vertexCount)
    if (this.indices.length < indexCount) this.indices = new Uint32Array(indexCount)
  }
}

/**
 * Whether a (w + 1) × (h + 1) grid of points (x, y interleaved in `points` from `first`, rows `rowStride` apart)
 * lies within `tolerance` (per axis) of its corners interpolated as the quad is drawn: two triangles, split along
 * the diagonal from the top-right corner to the bottom-left.
 */
function isDrawnWithin(points: Float64Array, first: number, rowStride: number, w: number, h: number, tolerance: number): boolean {
  for (let axis = first; axis < first + 2; axis++) {
    const a = points[axis]!
    const b = points[axis + 2 * w]!
    const c = points[axis + h * rowStride]!
    const d = points[axis + h * rowStride + 2 * w]!
    for (let v = 0; v <= h; v++) {
      const fy = v / h
      for (let u = 0, k = axis + v * rowStride; u <= w; u++, k += 2) {
        const fx = u / w
        const drawn = fx + fy <= 1 ? a + (b - a) * fx + (c - a) * fy : d + (c - d) * (1 - fx) + (b - d) * (1 - fy)
        if (Math.abs(points[k]! - drawn) > tolerance) return false
      }
    }
  }
  return true
}
