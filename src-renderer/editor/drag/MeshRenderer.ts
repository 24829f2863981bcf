import type { WarpField } from '../../../src-shared/warp'
import { TOLERANCE, WarpMesh, type Placement } from './warpMesh'

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

/**
 * The warped layer drawn by the GPU: the field as a textured triangle mesh (WarpMesh: the fold check's lattices,
 * merged where the field is close to bilinear), sampled bilinearly from the layer's pyramid level. Pixels outside the field's area are the level as it is. Draws into its own canvas at any
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
  /** The pyramid levels uploaded since the source's pixels last changed: moving and resting frames read different ones. */
  private readonly textures = new Map<HTMLCanvasElement, WebGLTexture>()
  private texture: WebGLTexture | undefined
  private readonly mesh = new WarpMesh()
  /** What the last upload holds: the layer's quad first (6 indices) or not, the indices in all, the area on the canvas (GL's scissor box). */
  private uploaded: { quad: boolean; indexCount: number; scissor?: readonly [number, number, number, number]; magnified?: boolean } = { quad: false, indexCount: 0 }

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
  }

  /**
   * Draws from `level` (straight alpha, premultiplied on the way in as the canvas keeps it), uploaded on its first
   * use and kept until `forgetSources`.
   */
  useSource(level: HTMLCanvasElement): void {
    const { gl } = this
    let texture = this.textures.get(level)
    if (!texture) {
      texture = gl.createTexture()!
      gl.bindTexture(gl.TEXTURE_2D, texture)
      for (const [name, value] of [
        [gl.TEXTURE_MIN_FILTER, gl.LINEAR],
        [gl.TEXTURE_MAG_FILTER, gl.LINEAR],
        [gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE],
        [gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE],
      ] as const)
        gl.texParameteri(gl.TEXTURE_2D, name, value)
      gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, true)
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, level)
      this.textures.set(level, texture)
    }
    this.texture = texture
  }

  /** Drops the uploaded levels: the layer's pixels changed, or it is another layer. */
  forgetSources(): void {
    for (const texture of this.textures.values()) this.gl.deleteTexture(texture)
    this.textures.clear()
    this.texture = undefined
  }

  /** Sizes the canvas in device pixels; a no-op when it already has that size (resizing clears it and costs). */
  resize(width: number, height: number): void {
    if (this.canvas.width !== width || this.canvas.height !== height) Object.assign(this.canvas, { width, height })
  }

  /**
   * Builds the mesh of the layer (`layerSize` in layer pixels) warped by `field`, placed on the canvas by
   * `placement`, merged within `tolerance` canvas pixels, and uploads it.
   */
  upload(field: WarpField, layerSize: { width: number; height: number }, placement: Placement, tolerance = TOLERANCE): void {
    const { area } = field
    const { width, height } = this.canvas
    // The layer as it is, under the area's mesh; not needed where the area is the whole layer.
    const quad = area.x > 0 || area.y > 0 || area.width < layerSize.width || area.height < layerSize.height
    const mesh = this.mesh
    mesh.build(field, layerSize, placement, this.canvas, quad, tolerance)
    const { gl } = this
    gl.bufferData(gl.ARRAY_BUFFER, mesh.vertices, gl.DYNAMIC_DRAW, 0, 4 * mesh.vertexCount)
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, mesh.indices, gl.DYNAMIC_DRAW, 0, mesh.indexCount)
    gl.uniform2f(this.uniforms.layerSize, layerSize.width, layerSize.height)
    gl.uniform3f(this.uniforms.placement, placement.scale, placement.x, placement.y)
    gl.uniform2f(this.uniforms.canvasSize, width, height)
    // Only the area's pixels take the mesh: cells of the last row and column reach past its edge.
    const x = Math.max(0, Math.round(area.x * placement.scale + placement.x))
    const y = Math.max(0, Math.round(area.y * placement.scale + placement.y))
    const right = Math.min(width, Math.round((area.x + area.width) * placement.scale + placement.x))
    const bottom = Math.min(height, Math.round((area.y + area.height) * placement.scale + placement.y))
    const scissor = right > x && bottom > y ? ([x, height - bottom, right - x, bottom - y] as const) : undefined
    this.uploaded = { quad, indexCount: mesh.indexCount, scissor, magnified: placement.scale > 1 }
  }

  /** The triangles the last upload holds. */
  get triangleCount(): number {
    return this.uploaded.indexCount / 3
  }

  /** Draws the uploaded mesh: the layer's quad (if any), then the area's cells. */
  draw(): void {
    const { gl } = this
    const { quad, indexCount, scissor, magnified } = this.uploaded
    gl.viewport(0, 0, this.canvas.width, this.canvas.height)
    gl.clearColor(0, 0, 0, 0)
    gl.clear(gl.COLOR_BUFFER_BIT)
    gl.bindTexture(gl.TEXTURE_2D, this.texture ?? null)
    // Above 100% pixels show as pixels, as the canvas draws them (nearest neighbour), not smoothed.
    if (this.texture) gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, magnified ? gl.NEAREST : gl.LINEAR)
    const first = quad ? 6 : 0
    if (quad) gl.drawElements(gl.TRIANGLES, 6, gl.UNSIGNED_INT, 0)
    if (!scissor || indexCount === first) return
    gl.enable(gl.SCISSOR_TEST)
    gl.scissor(...scissor)
    gl.drawElements(gl.TRIANGLES, indexCount - first, gl.UNSIGNED_INT, 4 * first)
    gl.disable(gl.SCISSOR_TEST)
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
