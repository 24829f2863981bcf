import { eachCell, type WarpField } from '../../../src-shared/warp'

const VERTEX_SHADER = `#version 300 es
in vec2 position; // output point, layer pixels
in vec2 source;   // where it reads, layer pixels
uniform vec2 layerSize;
out vec2 texel;
void main() {
  texel = source / layerSize;
  gl_Position = vec4(position / layerSize * vec2(2.0, -2.0) + vec2(-1.0, 1.0), 0.0, 1.0);
}`

const FRAGMENT_SHADER = `#version 300 es
precision highp float;
in vec2 texel;
uniform sampler2D image;
out vec4 colour;
void main() { colour = texture(image, texel); }`

/**
 * The warped layer drawn by the GPU: the field's cells as a textured triangle mesh (each cell the lattice that the
 * fold check samples, so the preview bends exactly where the check looks), sampled bilinearly from the layer's
 * pyramid level. Pixels outside the field's area are the level as it is. Draws into its own canvas, the level's
 * size, which the canvas then shows in the layer's place.
 */
export class MeshRenderer {
  readonly canvas: HTMLCanvasElement
  private readonly gl: WebGL2RenderingContext
  private readonly program: WebGLProgram
  private readonly vertices: WebGLBuffer
  private readonly indices: WebGLBuffer
  private readonly texture: WebGLTexture
  private vertexData = new Float32Array(0)
  private indexData = new Uint32Array(0)

  /** A renderer, or undefined where the browser gives no WebGL 2 (the preview then warps on the CPU). */
  static create(): MeshRenderer | undefined {
    const canvas = document.createElement('canvas')
    // Kept after drawing: Konva copies the canvas on its own frame, not this one.
    const gl = canvas.getContext('webgl2', { preserveDrawingBuffer: true, premultipliedAlpha: true, antialias: false })
    return gl ? new MeshRenderer(canvas, gl) : undefined
  }

  private constructor(canvas: HTMLCanvasElement, gl: WebGL2RenderingContext) {
    this.canvas = canvas
    this.gl = gl
    this.program = link(gl)
    this.vertices = gl.createBuffer()!
    this.indices = gl.createBuffer()!
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
    Object.assign(this.canvas, { width: level.width, height: level.height })
    gl.bindTexture(gl.TEXTURE_2D, this.texture)
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true)
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, level)
  }

  /** Draws the layer (`layerSize` in layer pixels, the level covering it) warped by `field`. */
  draw(field: WarpField, layerSize: { width: number; height: number }): void {
    const { gl } = this
    const { area } = field
    const identity = [0, 0, 0, 0, layerSize.width, 0, layerSize.width, 0, 0, layerSize.height, 0, layerSize.height, layerSize.width, layerSize.height, layerSize.width, layerSize.height]
    let vertexCount = 4
    let indexCount = 6
    this.reserve(4 + 25 * (field.columns - 1) * (field.rows - 1), 6 + 6 * 16 * (field.columns - 1) * (field.rows - 1))
    const vertices = this.vertexData
    const indices = this.indexData
    vertices.set(identity)
    indices.set([0, 1, 2, 1, 3, 2])
    // The mesh over the area, drawn after the whole layer's quad: its cells overwrite the area.
    eachCell(field, (i, j, n, xs, ys) => {
      const first = vertexCount
      for (let v = 0, k = 0; v <= n; v++) {
        for (let u = 0; u <= n; u++, k++) {
          const o = 4 * vertexCount++
          // Layer pixel x spans [x, x + 1) here, its centre at x + 0.5, where the field reads it.
          vertices[o] = area.x + (i + u / n) * field.spacing + 0.5
          vertices[o + 1] = area.y + (j + v / n) * field.spacing + 0.5
          vertices[o + 2] = xs[k]! + 0.5
          vertices[o + 3] = ys[k]! + 0.5
        }
      }
      for (let v = 0; v < n; v++) {
        for (let u = 0; u < n; u++) {
          const a = first + v * (n + 1) + u
          const c = a + n + 1
          indices.set([a, a + 1, c, a + 1, c + 1, c], indexCount)
          indexCount += 6
        }
      }
    })

    gl.viewport(0, 0, this.canvas.width, this.canvas.height)
    gl.clearColor(0, 0, 0, 0)
    gl.clear(gl.COLOR_BUFFER_BIT)
    gl.useProgram(this.program)
    gl.uniform2f(gl.getUniformLocation(this.program, 'layerSize'), layerSize.width, layerSize.height)
    gl.bindBuffer(gl.ARRAY_BUFFER, this.vertices)
    gl.bufferData(gl.ARRAY_BUFFER, vertices.subarray(0, 4 * vertexCount), gl.DYNAMIC_DRAW)
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.indices)
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, indices.subarray(0, indexCount), gl.DYNAMIC_DRAW)
    for (const [name, offset] of [['position', 0], ['source', 8]] as const) {
      const location = gl.getAttribLocation(this.program, name)
      gl.enableVertexAttribArray(location)
      gl.vertexAttribPointer(location, 2, gl.FLOAT, false, 16, offset)
    }
    gl.bindTexture(gl.TEXTURE_2D, this.texture)
    // Only the area's pixels take the mesh: cells of the last row and column reach past its edge.
    gl.enable(gl.SCISSOR_TEST)
    gl.scissor(0, 0, this.canvas.width, this.canvas.height)
    gl.drawElements(gl.TRIANGLES, 6, gl.UNSIGNED_INT, 0)
    const s = this.canvas.width / layerSize.width
    const bottom = this.canvas.height - Math.round((area.y + area.height) * s)
    gl.scissor(Math.round(area.x * s), bottom, Math.round((area.x + area.width) * s) - Math.round(area.x * s), Math.round((area.y + area.height) * s) - Math.round(area.y * s))
    gl.drawElements(gl.TRIANGLES, indexCount - 6, gl.UNSIGNED_INT, 6 * 4)
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
