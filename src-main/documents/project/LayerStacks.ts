import type { Database, Statement } from 'better-sqlite3'
import type { LayerTiles } from './layerPixels'
import type { BlendMode, LayerKind, LayerProperties, VersionId } from './types'

/** One layer of a version's stack as stored, or as a commit is about to store it. */
export interface StackLayer {
  layerId: string
  kind: LayerKind
  /** The stored state this layer shares with earlier versions; null when the commit writes a new state. */
  stateId: number | null
  properties: LayerProperties
  tiles: LayerTiles
  /** The layer mask's tile grid (the layer's size), and whether it applies. */
  mask?: { grid: Buffer; enabled: boolean }
}

interface StackRow {
  layer_id: string
  kind: LayerKind
  state_id: number
  name: string
  visible: number
  opacity: number
  blend_mode: BlendMode
  offset_x: number
  offset_y: number
  locked: number
  width: number
  height: number
  tile_grid: Buffer
  mask_grid: Buffer | null
  mask_enabled: number
}

const STACK_QUERY = `
  SELECT version_layers.layer_id, layers.kind, version_layers.state_id, name, visible, opacity, blend_mode, offset_x,
         offset_y, locked, width, height, tile_grid, mask_grid, mask_enabled
  FROM version_layers
  JOIN layers ON layers.id = version_layers.layer_id
  JOIN layer_states ON layer_states.id = version_layers.state_id`

/** Each version's layer stack: which stored state of each layer it shows, bottom first. */
export class LayerStacks {
  private readonly selectStack: Statement<[number], StackRow>
  private readonly selectLayer: Statement<[number, string], StackRow>
  private readonly selectKind: Statement<[string], LayerKind>
  private readonly insertLayer: Statement<[string, LayerKind]>
  private readonly insertState: Statement
  private readonly insertPlacement: Statement<[number, number, string, number]>

  constructor(db: Database) {
    this.selectStack = db.prepare(`${STACK_QUERY} WHERE version_layers.version_id = ? ORDER BY version_layers.position`)
    this.selectLayer = db.prepare(`${STACK_QUERY} WHERE version_layers.version_id = ? AND version_layers.layer_id = ?`)
    this.selectKind = db.prepare<[string], LayerKind>('SELECT kind FROM layers WHERE id = ?').pluck()
    this.insertLayer = db.prepare('INSERT OR IGNORE INTO layers (id, kind) VALUES (?, ?)')
    this.insertState = db.prepare(`
      INSERT INTO layer_states (layer_id, name, visible, opacity, blend_mode, offset_x, offset_y, locked, width, height,
                                tile_grid, mask_grid, mask_enabled)
      VALUES (@layerId, @name, @visible, @opacity, @blendMode, @offsetX, @offsetY, @locked, @width, @height, @grid,
              @maskGrid, @maskEnabled)`)
    this.insertPlacement = db.prepare(
      'INSERT INTO version_layers (version_id, position, layer_id, state_id) VALUES (?, ?, ?, ?)',
    )
  }

  read(versionId: VersionId): StackLayer[] {
    return this.selectStack.all(versionId).map(toStackLayer)
  }

  find(versionId: VersionId, layerId: string): StackLayer | undefined {
    const row = this.selectLayer.get(versionId, layerId)
    return row && toStackLayer(row)
  }

  /** The kind a layer id was created with, in any branch; layer ids are never reused for another kind. */
  kindOf(layerId: string): LayerKind | undefined {
    return this.selectKind.get(layerId)
  }

  /** Stores a version's stack, writing states only for the layers it changed. Call inside the commit's transaction. */
  write(versionId: VersionId, layers: StackLayer[]): void {
    layers.forEach((layer, position) => {
      let stateId = layer.stateId
      if (stateId === null) {
        this.insertLayer.run(layer.layerId, layer.kind)
        const { properties: p, tiles } = layer
        stateId = Number(
          this.insertState.run({
            layerId: layer.layerId,
            name: p.name,
            visible: p.visible ? 1 : 0,
            opacity: p.opacity,
            blendMode: p.blendMode,
            offsetX: p.offsetX,
            offsetY: p.offsetY,
            locked: p.locked ? 1 : 0,
            width: tiles.width,
            height: tiles.height,
            grid: tiles.grid,
            maskGrid: layer.mask?.grid ?? null,
            maskEnabled: layer.mask?.enabled === false ? 0 : 1,
          }).lastInsertRowid,
        )
      }
      this.insertPlacement.run(versionId, position, layer.layerId, stateId)
    })
  }
}

function toStackLayer(row: StackRow): StackLayer {
  return {
    layerId: row.layer_id,
    kind: row.kind,
    stateId: row.state_id,
    properties: {
      name: row.name,
      visible: row.visible === 1,
      opacity: row.opacity,
      blendMode: row.blend_mode,
      offsetX: row.offset_x,
      offsetY: row.offset_y,
      locked: row.locked === 1,
    },
    tiles: { width: row.width, height: row.height, grid: row.tile_grid },
    ...(row.mask_grid ? { mask: { grid: row.mask_grid, enabled: row.mask_enabled === 1 } } : {}),
  }
}
