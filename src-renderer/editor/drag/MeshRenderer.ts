import { eachCell, type WarpField } from '../../../src-shared/warp'

const VERTEX_SHADER = `#version 300 es
in vec2 position; // output point, layer pixels
in vec2 source;   // where it reads, layer pixels
uniform vec2 layerSize;
uniform vec3 placement; // device pixels per layer pixel, then where the layer's origin lies on the canvas
uniform vec2 canvasSize;
out vec2 texel;
void main() {
  texel = source / layerSize;
  vec2 onCanvas = position * placement.x + placement.yz;
  gl_Position = vec4(onCanvas / canvasSize * vec2(2.0, -2.0) + vec2(-1.0, 1.0), 0.0, 1.0);
}`

const FRAGMENT_SHADER = `#version 300 es
precision highp float;
in vec2 texel;
uniform sampler2D image;
out vec4 colour;
void main() { colour = texture(image, texel); }`

/** Where the layer lies on the renderer's canvas: canvas pixel = layer pixel · scale + (x, y). */
export interface Placement {
  scale: number
  x: number
  y: number
}

/**
 * The warped layer drawn by the GPU: the field's cells as a textured triangle mesh (each cell the lattice that the
 * fold check samples, so the preview bends exactly where the check looks), sampled bilinearly from the layer's
 * pyramid level. Pixels outside the field's area are the level as it is. Draws into its own canvas at any
 * placement: the preview places the layer as the view shows it on a canvas the viewport's size, so only the cells
 * on screen are rasterised, at screen scale.
 */
export class MeshRenderer {
  readonly canvas: HTMLCanvasElement
  private readonly gl: WebGL2RenderingContext
  private readonly program: WebGLProgram
  private readonly uniforms: Record<'layerSize' | 'placement' | 'canvasSize', WebGLUniformLocation>
  private readonly vertices: WebGLBuffer
  private readonly indices: WebGLBuffer
  private readonly texture: WebGLTexture
  private vertexData = new Float32Array(0)
  private indexData = new Uint32Array(0)
  /** What the last upload holds: the layer's quad first (6 indices) or not, the indices in all, the area on the canvas (GL's scissor box). */
  private uploaded: { quad: boolean; indexCount: number; scissor?: readonly [number, number, number, number] } = { quad: false, indexCount: 0 }

  /** A renderer, or undefined where the browser gives no WebGL 2 (the preview then warps on the CPU). */
  static create(): MeshRenderer | undefined {
    const canvas = document.createElement('canvas')
    // Shown as it is, not copied: the drawing buffer need not outlive the frame.
    const gl = canvas.getContext('webgl2', { preserveDrawingBuffer: false, premultipliedAlpha: true, antialias: false, depth: false, stencil: false })
    return gl ? new MeshRenderer(canvas, gl) : undefined
  }

  private constructor(canvas: HTMLCanvasElement, gl: WebGL2RenderingContext) {
    this.canvas = canvas
    this.gl = gl
    this.program = link(gl)
    const uniform = (name: string) => gl.getUniformLocation(this.program, name)!
    this.uniforms = { layerSize: uniform('layerSize'), placement: uniform('placement'), canvasSize: uniform('canvasSize') }
    this.vertices = gl.createBuffer()!
    this.indices = gl.createBuffer()!
    gl.useProgram(this.program)
    gl.bindBuffer(gl.ARRAY_BUFFER, this.vertices)
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.indices)
    for (const [name, offset] of [['position', 0], ['source', 8]] as const) {
      const location = gl.getAttribLocation(this.program, name)
      gl.enableVertexAttribArray(location)
      gl.vertexAttribPointer(location, 2, gl.FLOAT, false, 16, offset)
    }
    this.texture = gl.createTexture()!
    gl.bindTexture(gl.TEXTURE_2D, this.texture)
    for (const [name, value] of [
      [gl.TEXTURE_MIN_FILTER, gl.LINEAR],
      [gl.TEXTURE_MAG_FILTER, gl.LINEAR],
      [gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE],
      [gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE],
    ] as const)
      gl.texParameteri(gl.TEXTURE_2D, name, value)
  }

  /** Uploads a new source: the pyramid level to warp (straight alpha, premultiplied on the way in as the canvas keeps it). */
  setSource(level: HTMLCanvasElement): void {
    const { gl } = this
    gl.bindTexture(gl.TEXTURE_2D, this.texture)
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true)
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, level)
  }

  /** Sizes the canvas in device pixels; a no-op when it already has that size (resizing clears it and costs). */
  resize(width: number, height: number): void {
    if (this.canvas.width !== width || this.canvas.height !== height) Object.assign(this.canvas, { width, height })
  }

  /**
   * Builds the mesh of the layer (`layerSize` in layer pixels) warped by `field`, placed on the canvas by
   * `placement`, and uploads it. Cells wholly off the canvas are left out.
   */
  upload(field: WarpField, layerSize: { width: number; height: number }, placement: Placement): void {
    const { area, spacing } = field
    const { width, height } = this.canvas
    const cells = (field.columns - 1) * (field.rows - 1)
    this.reserve(4 + field.columns * field.rows + 25 * cells, 6 + 6 * 16 * cells)
    const vertices = this.vertexData
    const indices = this.indexData
    // The layer as it is, under the area's mesh; not needed where the area is the whole layer.
    const quad = area.x > 0 || area.y > 0 || area.width < layerSize.width || area.height < layerSize.height
    let vertexCount = 0
    let indexCount = 0
    if (quad) {
      const { width: w, height: h } = layerSize
      vertices.set([0, 0, 0, 0, w, 0, w, 0, 0, h, 0, h, w, h, w, h])
      indices.set([0, 1, 2, 1, 3, 2])
      vertexCount = 4
      indexCount = 6
    }
    const onCanvas = (from: number, to: number, offset: number, size: number) => to * placement.scale + offset >= 0 && from * placement.scale + offset <= size
    // Cells of one piece (most of them) share their corners, the field's nodes: a vertex each, not four. A node's
    // vertex is written by the cells that use it, all with the same value.
    const nodes = vertexCount
    vertexCount += field.columns * field.rows
    eachCell(field, (i, j, n, xs, ys) => {
      const left = area.x + i * spacing
      const top = area.y + j * spacing
      if (!onCanvas(left, left + spacing + 1, placement.x, width) || !onCanvas(top, top + spacing + 1, placement.y, height)) return
      if (n === 1) {
        const a = nodes + j * field.columns + i
        const c = a + field.columns
        for (const [k, node, u, v] of [[0, a, 0, 0], [1, a + 1, 1, 0], [2, c, 0, 1], [3, c + 1, 1, 1]] as const) {
          const o = 4 * node
          vertices[o] = left + u * spacing + 0.5
          vertices[o + 1] = top + v * spacing + 0.5
          vertices[o + 2] = xs[k]! + 0.5
          vertices[o + 3] = ys[k]! + 0.5
        }
        indices.set([a, a + 1, c, a + 1, c + 1, c], indexCount)
        indexCount += 6
        return
      }
      const first = vertexCount
      for (let v = 0, k = 0; v <= n; v++) {
        for (let u = 0; u <= n; u++, k++) {
          const o = 4 * vertexCount++
          // Layer pixel x spans [x, x + 1) here, its centre at x + 0.5, where the field reads it.
          vertices[o] = left + (u / n) * spacing + 0.5
          vertices[o + 1] = top + (v / n) * spacing + 0.5
          vertices[o + 2] = xs[k]! + 0.5
          vertices[o + 3] = ys[k]! + 0.5
        }
      }
      for (let v = 0; v < n; v++) {
        for (let u = 0; u < n; u++) {
          const a = first + v * (n + 1) + u
          const c = a + n + 1
          indices[indexCount++] = a
          indices[indexCount++] = a + 1
          indices[indexCount++] = c
          indices[indexCount++] = a + 1
          indices[indexCount++] = c + 1
          indices[indexCount++] = c
        }
      }
    })
    const { gl } = this
    gl.bufferData(gl.ARRAY_BUFFER, vertices.subarray(0, 4 * vertexCount), gl.DYNAMIC_DRAW)
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, indices.subarray(0, indexCount), gl.DYNAMIC_DRAW)
    gl.uniform2f(this.uniforms.layerSize, layerSize.width, layerSize.height)
    gl.uniform3f(this.uniforms.placement, placement.scale, placement.x, placement.y)
    gl.uniform2f(this.uniforms.canvasSize, width, height)
    // Only the area's pixels take the mesh: cells of the last row and column reach past its edge.
    const x = Math.max(0, Math.round(area.x * placement.scale + placement.x))
    const y = Math.max(0, Math.round(area.y * placement.scale + placement.y))
    const right = Math.min(width, Math.round((area.x + area.width) * placement.scale + placement.x))
    const bottom = Math.min(height, Math.round((area.y + area.height) * placement.scale + placement.y))
    const scissor = right > x && bottom > y ? ([x, height - bottom, right - x, bottom - y] as const) : undefined
    this.uploaded = { quad, indexCount, scissor }
  }

  /** Draws the uploaded mesh: the layer's quad (if any), then the area's cells. */
  draw(): void {
    const { gl } = this
    const { quad, indexCount, scissor } = this.uploaded
    gl.viewport(0, 0, this.canvas.width, this.canvas.height)
    gl.clearColor(0, 0, 0, 0)
    gl.clear(gl.COLOR_BUFFER_BIT)
    gl.bindTexture(gl.TEXTURE_2D, this.texture)
    const first = quad ? 6 : 0
    if (quad) gl.drawElements(gl.TRIANGLES, 6, gl.UNSIGNED_INT, 0)
    if (!scissor || indexCount === first) return
    gl.enable(gl.SCISSOR_TEST)
    gl.scissor(...scissor)
    gl.drawElements(gl.TRIANGLES, indexCount - first, gl.UNSIGNED_INT, 4 * first)
    gl.disable(gl.SCISSOR_TEST)
  }

  private reserve(vertexCount: number, indexCount: number): void {
    if (this.vertexData.length < 4 * vertexCount) this.vertexData = new Float32Array(4 * vertexCount)
    if (this.indexData.length < indexCount) this.indexData = new Uint32Array(indexCount)
  }
}

function link(gl: WebGL2RenderingContext): WebGLProgram {
  const program = gl.createProgram()!
  for (const [type, text] of [
    [gl.VERTEX_SHADER, VERTEX_SHADER],
    [gl.FRAGMENT_SHADER, FRAGMENT_SHADER],
  ] as const) {
    const shader = gl.createShader(type)!
    gl.shaderSource(shader, text)
    gl.compileShader(shader)
    gl.attachShader(program, shader)
  }
  gl.linkProgram(program)
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`The drag preview's shaders did not link: ${gl.getProgramInfoLog(program)}`)
  return program
}
