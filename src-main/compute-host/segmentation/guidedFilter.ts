/**
 * Edge-aware upsampling of a low-resolution alpha with the full-resolution photo as guide: the colour guided
 * filter of He, Sun and Tang ("Guided Image Filtering", TPAMI 2013, eq. 19–21), in its fast form (He and Sun,
 * "Fast Guided Filter", 2015): the linear coefficients a, b are solved on a subsampled guide and input, then
 * upsampled bilinearly and applied to the full-resolution guide, q = a·I + b. Within each window the alpha is
 * modelled as a linear function of the colour (the local linear model behind closed-form matting), so the edge
 * follows the photo's edge at full resolution instead of the model's 1024² grid.
 */

/** A planar float image: `channels` planes of width × height. */
export interface Planes {
  width: number
  height: number
  data: Float32Array[]
}

/** The mean over a (2r+1)² window clamped to the image, by running sums along rows then columns: O(1) per pixel. */
export function boxMean(source: Float32Array, width: number, height: number, r: number): Float32Array {
  const rows = new Float32Array(width * height)
  for (let y = 0; y < height; y++) {
    const row = y * width
    let sum = 0
    for (let x = 0; x <= Math.min(r, width - 1); x++) sum += source[row + x]!
    for (let x = 0; x < width; x++) {
      rows[row + x] = sum / (Math.min(width - 1, x + r) - Math.max(0, x - r) + 1)
      if (x + r + 1 < width) sum += source[row + x + r + 1]!
      if (x - r >= 0) sum -= source[row + x - r]!
    }
  }
  const out = new Float32Array(width * height)
  for (let x = 0; x < width; x++) {
    let sum = 0
    for (let y = 0; y <= Math.min(r, height - 1); y++) sum += rows[y * width + x]!
    for (let y = 0; y < height; y++) {
      out[y * width + x] = sum / (Math.min(height - 1, y + r) - Math.max(0, y - r) + 1)
      if (y + r + 1 < height) sum += rows[(y + r + 1) * width + x]!
      if (y - r >= 0) sum -= rows[(y - r) * width + x]!
    }
  }
  return out
}

/**
 * The coefficients of the colour guided filter (He et al. 2013, eq. 19–20), already averaged over the windows
 * that cover each pixel (eq. 21's mean of a and b): planes a_r, a_g, a_b, b of the guide's size.
 */
export function guidedCoefficients(guide: Planes, input: Float32Array, r: number, eps: number): Planes {
  const { width, height } = guide
  const n = width * height
  const mean = (values: Float32Array) => boxMean(values, width, height, r)
  const product = (a: Float32Array, b: Float32Array) => {
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!
    return out
  }
  const [ir, ig, ib] = guide.data as [Float32Array, Float32Array, Float32Array]
  const [mr, mg, mb, mp] = [mean(ir), mean(ig), mean(ib), mean(input)]
  const [prp, pgp, pbp] = [mean(product(ir, input)), mean(product(ig, input)), mean(product(ib, input))]
  const [vrr, vrg, vrb, vgg, vgb, vbb] = [mean(product(ir, ir)), mean(product(ir, ig)), mean(product(ir, ib)), mean(product(ig, ig)), mean(product(ig, ib)), mean(product(ib, ib))]
  const ar = new Float32Array(n)
  const ag = new Float32Array(n)
  const ab = new Float32Array(n)
  const b = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    // Σ + εU, the window's colour covariance regularised (eq. 19), inverted by its adjugate.
    const srr = vrr[i]! - mr[i]! * mr[i]! + eps
    const srg = vrg[i]! - mr[i]! * mg[i]!
    const srb = vrb[i]! - mr[i]! * mb[i]!
    const sgg = vgg[i]! - mg[i]! * mg[i]! + eps
    const sgb = vgb[i]! - mg[i]! * mb[i]!
    const sbb = vbb[i]! - mb[i]! * mb[i]! + eps
    const cr = prp[i]! - mr[i]! * mp[i]!
    const cg = pgp[i]! - mg[i]! * mp[i]!
    const cb = pbp[i]! - mb[i]! * mp[i]!
    const inv00 = sgg * sbb - sgb * sgb
    const inv01 = srb * sgb - srg * sbb
    const inv02 = srg * sgb - srb * sgg
    const inv11 = srr * sbb - srb * srb
    const inv12 = srb * srg - srr * sgb
    const inv22 = srr * sgg - srg * srg
    const det = srr * inv00 + srg * inv01 + srb * inv02
    ar[i] = (cr * inv00 + cg * inv01 + cb * inv02) / det
    ag[i] = (cr * inv01 + cg * inv11 + cb * inv12) / det
    ab[i] = (cr * inv02 + cg * inv12 + cb * inv22) / det
    b[i] = mp[i]! - ar[i]! * mr[i]! - ag[i]! * mg[i]! - ab[i]! * mb[i]!
  }
  return { width, height, data: [mean(ar), mean(ag), mean(ab), mean(b)] }
}

/**
 * Rows [top, bottom) of q = a·I + b at full resolution, a and b bilinearly upsampled from the coefficient grid
 * (pixel centres aligned), I the photo's straight RGB in 0..1: one byte of alpha per pixel. Each output row first
 * interpolates the two grid rows it falls between, so a pixel costs one lerp per plane.
 */
export function applyCoefficients(coefficients: Planes, rgba: Uint8Array, width: number, height: number, out: Uint8Array, top: number, bottom: number): void {
  const { width: cw, height: ch } = coefficients
  const planes = coefficients.data
  const column0 = new Int32Array(width)
  const column1 = new Int32Array(width)
  const weight = new Float32Array(width)
  for (let x = 0; x < width; x++) {
    const fx = Math.min(cw - 1, Math.max(0, ((x + 0.5) * cw) / width - 0.5))
    column0[x] = Math.floor(fx)
    column1[x] = Math.min(cw - 1, column0[x]! + 1)
    weight[x] = fx - column0[x]!
  }
  const rows = planes.map(() => new Float32Array(cw))
  for (let y = top; y < bottom; y++) {
    const fy = Math.min(ch - 1, Math.max(0, ((y + 0.5) * ch) / height - 0.5))
    const y0 = Math.floor(fy)
    const y1 = Math.min(ch - 1, y0 + 1)
    const wy = fy - y0
    for (let p = 0; p < 4; p++) {
      const plane = planes[p]!
      const row = rows[p]!
      for (let x = 0; x < cw; x++) row[x] = plane[y0 * cw + x]! * (1 - wy) + plane[y1 * cw + x]! * wy
    }
    const [ar, ag, ab, b] = rows as [Float32Array, Float32Array, Float32Array, Float32Array]
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const c0 = column0[x]!
      const c1 = column1[x]!
      const wx = weight[x]!
      const red = ar[c0]! + (ar[c1]! - ar[c0]!) * wx
      const green = ag[c0]! + (ag[c1]! - ag[c0]!) * wx
      const blue = ab[c0]! + (ab[c1]! - ab[c0]!) * wx
      const offset = b[c0]! + (b[c1]! - b[c0]!) * wx
      const q = (red * rgba[i * 4]! + green * rgba[i * 4 + 1]! + blue * rgba[i * 4 + 2]!) / 255 + offset
      out[i] = q <= 0 ? 0 : q >= 1 ? 255 : Math.round(q * 255)
    }
  }
}
