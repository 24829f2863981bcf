/** Point-based deformation by moving least squares: pure, so the renderer previews with the code the compute host applies. */
export * from './types'
export { deformPoint, controlPoints, type ControlPoints } from './movingLeastSquares'
export { regionWeights, DEFAULT_FEATHER } from './regionWeights'
export { solveField, rowDisplacement, displacementAt, DEFAULT_SPACING, type WarpField, type FieldOptions } from './warpField'
export { foldedCells, cellAreaRatios, eachCell } from './folds'
export { solveWarp, shortened, type SolveOptions, type WarpSolution } from './solveWarp'
export { uncoveredMask, UNCOVERED_AREA_RATIO } from './uncovered'
export { previewWarp } from './previewWarp'
