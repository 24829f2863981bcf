import type { ExportFormat } from '../../src-shared/contract'
import type { Editor } from './Editor'
import { isMac, matchesShortcut, SHOW_MASK_KEY, type KeyPress } from './keys'
import type { ToolName } from './tools/tool'

/** What an action may ask of the window around the editor: choosing and saving files, switching language. */
export interface ActionHost {
  chooseFile(): Promise<File | undefined>
  saveFile(file: { fileName: string; mimeType: string; bytes: Uint8Array }): void
  toggleLanguage(): void
}

export type MenuName = 'file' | 'edit' | 'view' | 'layer' | 'select' | 'ai' | 'help'

export interface Action {
  id: string
  /** i18n key of the label shown in menus and tooltips. */
  label: string
  /** The menu it appears in; toolbar-only actions have none. */
  menu?: MenuName
  /** 'Mod' is Cmd on macOS and Ctrl elsewhere; the first is the one menus show. */
  shortcuts?: string[]
  enabled?: (editor: Editor) => boolean
  run(editor: Editor, host: ActionHost): void | Promise<void>
  /** A submenu of items known only at run time (File › Open recent); its text is the item's own, not an i18n key. */
  submenu?: (editor: Editor) => { key: string; text: string; hint?: string; run(): Promise<void> }[]
}

const hasDocument = (editor: Editor) => editor.getState().document !== undefined
/** A read-only project can be viewed and saved as a copy; its edits are off (main would refuse them: project.readOnly). */
const editable = (editor: Editor) => editor.getState().document?.readOnly === false
const hasSelection = (editor: Editor) => editor.getState().selection !== undefined

function exportAction(format: ExportFormat, shortcuts?: string[]): Action {
  return {
    id: `file.export.${format}`,
    label: `action.export.${format}`,
    menu: 'file',
    shortcuts,
    enabled: hasDocument,
    async run(editor, host) {
      const file = await editor.session.exportImage(format)
      if (file) host.saveFile(file)
    },
  }
}

function toolAction(tool: ToolName, key?: string): Action {
  return { id: `tool.${tool}`, label: `tool.${tool}`, shortcuts: key ? [key] : undefined, run: (editor) => editor.setTool(tool) }
}

const activeLayer = (editor: Editor) => {
  const { document, activeLayerId } = editor.getState()
  return document?.layers.find((layer) => layer.id === activeLayerId)
}

/** A duplicate's name in the window's language: “Background copy”, “背景 副本”. */
const copyName = (editor: Editor, layerId: string) => {
  const name = editor.getState().document?.layers.find((layer) => layer.id === layerId)?.name
  return name === undefined ? undefined : editor.words('layers.defaultName.copy', { name }).slice(0, 200)
}

/** A layers-panel action on the selected layer. */
function layerAction(id: string, shortcuts: string[] | undefined, run: (editor: Editor, layerId: string) => Promise<void>, enabled?: (editor: Editor) => boolean): Action {
  return {
    id,
    label: `action.${id}`,
    menu: 'layer',
    shortcuts,
    enabled: (editor) => editable(editor) && activeLayer(editor) !== undefined && (enabled?.(editor) ?? true),
    run: (editor) => run(editor, activeLayer(editor)!.id),
  }
}

function resize(editor: Editor, factor: number): void {
  if (editor.getState().tool === 'drag') editor.drag.setRadius(editor.drag.get().radius * factor)
  else editor.setBrush({ size: editor.getState().brush.size * factor })
}

const rasterCount = (editor: Editor) => editor.getState().document?.layers.filter((layer) => layer.kind === 'raster').length ?? 0

/**
 * The staging strip's keys, while it holds candidates: ← → step through them on the canvas, Enter accepts the one
 * shown (not while it is blurred: the user reveals it first), Delete or Backspace discards it.
 */
function stagingActions(): Action[] {
  const shown = (editor: Editor) => editor.staging.shown()
  return [
    { id: 'staging.previous', label: 'action.staging.previous', menu: 'ai', shortcuts: ['ArrowLeft'], enabled: (editor) => editor.staging.get().candidates.length > 1, run: (editor) => editor.staging.step(-1) },
    { id: 'staging.next', label: 'action.staging.next', menu: 'ai', shortcuts: ['ArrowRight'], enabled: (editor) => editor.staging.get().candidates.length > 1, run: (editor) => editor.staging.step(1) },
    {
      id: 'staging.acceptShown',
      label: 'action.staging.acceptShown',
      menu: 'ai',
      shortcuts: ['Enter'],
      enabled: (editor) => shown(editor)?.blurred === false,
      run: (editor) => editor.staging.accept(shown(editor)!.id),
    },
    {
      id: 'staging.discardShown',
      label: 'action.staging.discardShown',
      menu: 'ai',
      shortcuts: ['Delete', 'Backspace'],
      enabled: (editor) => shown(editor) !== undefined,
      run: (editor) => editor.staging.discard([shown(editor)!.id]),
    },
  ]
}

/** Select › Object's Shift+Enter and Alt+Enter: the mask added to the selection or taken from it (Enter replaces it: tool.commit). */
function objectSelectionKeys(): Action[] {
  const ready = (editor: Editor) => editor.getState().tool === 'object' && editor.objectSelection.hasPrompt()
  return [
    { id: 'select.objectAdd', label: 'action.select.objectAdd', shortcuts: ['Shift+Enter'], enabled: ready, run: (editor) => editor.selection.object('add') },
    { id: 'select.objectSubtract', label: 'action.select.objectSubtract', shortcuts: ['Alt+Enter'], enabled: ready, run: (editor) => editor.selection.object('subtract') },
  ]
}

/** Every user action, once: menus, the toolbar, shortcuts and tooltips all read this table. */
export const actions: Action[] = [
  {
    id: 'file.open',
    label: 'action.open',
    menu: 'file',
    shortcuts: ['Mod+O'],
    run: (editor, host) => editor.files.open(() => host.chooseFile()),
  },
  {
    id: 'file.recent',
    label: 'action.recent',
    menu: 'file',
    enabled: (editor) => editor.files.recent.get().length > 0,
    run: () => undefined,
    submenu: (editor) => editor.files.recent.get().map(({ path, name }) => ({ key: path, text: name, hint: path, run: () => editor.session.openPath(path) })),
  },
  {
    id: 'file.close',
    label: 'action.close',
    menu: 'file',
    shortcuts: ['Mod+W'],
    enabled: hasDocument,
    run(editor) {
      editor.tool.onCancel()
      return editor.session.close()
    },
  },
  {
    id: 'file.save',
    label: 'action.save',
    menu: 'file',
    shortcuts: ['Mod+S'],
    enabled: hasDocument,
    // Every change is already a committed version: saving only tells the user where the project lives.
    run: (editor) => editor.notify('notice.saved', { path: editor.getState().document!.path }),
  },
  {
    id: 'file.saveAs',
    label: 'action.saveAs',
    menu: 'file',
    shortcuts: ['Mod+Shift+S'],
    enabled: hasDocument,
    run: (editor) => editor.files.startSaveAs(),
  },
  exportAction('png', ['Mod+Shift+E']),
  exportAction('jpeg'),
  exportAction('webp'),
  {
    id: 'file.export.psd',
    label: 'action.export.psd',
    menu: 'file',
    enabled: hasDocument,
    async run(editor, host) {
      const file = await editor.session.exportPsd()
      if (file) host.saveFile(file)
    },
  },
  {
    id: 'edit.undo',
    label: 'action.undo',
    menu: 'edit',
    shortcuts: ['Mod+Z'],
    enabled: (editor) => editor.getState().document?.canUndo ?? false,
    run: (editor) => editor.session.undo(),
  },
  {
    id: 'edit.redo',
    label: 'action.redo',
    menu: 'edit',
    shortcuts: isMac ? ['Mod+Shift+Z'] : ['Mod+Shift+Z', 'Ctrl+Y'],
    enabled: (editor) => editor.getState().document?.canRedo ?? false,
    run: (editor) => editor.session.redo(),
  },
  {
    id: 'view.compare',
    label: 'action.compare',
    menu: 'view',
    shortcuts: ['\\'],
    enabled: (editor) => editor.getState().document?.canUndo ?? false,
    run: (editor) => editor.session.toggleCompare(),
  },
  {
    id: 'view.mask',
    label: 'action.showMask',
    menu: 'view',
    shortcuts: [SHOW_MASK_KEY],
    enabled: (editor) => editor.getState().document?.layers.some((layer) => layer.kind === 'mask') ?? false,
    run: (editor) => editor.toggleMask(),
  },
  { id: 'view.fit', label: 'action.zoomToFit', menu: 'view', shortcuts: ['Mod+0'], enabled: hasDocument, run: (editor) => editor.view.fit(editor.getState().document!) },
  { id: 'view.actual', label: 'action.actualPixels', menu: 'view', shortcuts: ['Mod+1'], enabled: hasDocument, run: (editor) => editor.view.actualPixels(editor.getState().document!) },
  { id: 'view.zoomIn', label: 'action.zoomIn', menu: 'view', shortcuts: ['Mod+='], enabled: hasDocument, run: (editor) => editor.view.zoomBy(2) },
  { id: 'view.zoomOut', label: 'action.zoomOut', menu: 'view', shortcuts: ['Mod+-'], enabled: hasDocument, run: (editor) => editor.view.zoomBy(0.5) },
  { id: 'layer.add', label: 'action.layer.add', menu: 'layer', shortcuts: ['Mod+Shift+N'], enabled: editable, run: (editor) => editor.session.addLayer('raster') },
  { id: 'layer.addMask', label: 'action.layer.addMask', menu: 'layer', enabled: editable, run: (editor) => editor.session.addLayer('mask') },
  {
    id: 'layer.addFromFile',
    label: 'action.layer.addFromFile',
    menu: 'layer',
    enabled: editable,
    async run(editor, host) {
      const file = await host.chooseFile()
      if (file) await editor.session.addLayerFromFile(file)
    },
  },
  layerAction('layer.duplicate', ['Mod+J'], (editor, layerId) => editor.session.changeLayers('layers.duplicate', { layerId, name: copyName(editor, layerId) })),
  layerAction('layer.mergeDown', ['Mod+E'], (editor, layerId) => editor.session.changeLayers('layers.mergeDown', { layerId }), (editor) => rasterCount(editor) > 1),
  { id: 'layer.flatten', label: 'action.layer.flatten', menu: 'layer', enabled: (editor) => editable(editor) && rasterCount(editor) > 1, run: (editor) => editor.session.changeLayers('layers.flatten', { name: editor.words('layers.defaultName.background') }) },
  { id: 'image.padToSquare', label: 'action.padToSquare', menu: 'layer', enabled: hasDocument, run: (editor) => editor.session.padToSquare() },
  layerAction('layer.transform', ['Mod+T'], async (editor) => editor.setTool('transform')),
  layerAction('layer.remove', undefined, (editor, layerId) => editor.session.changeLayers('layers.remove', { layerId })),
  layerAction('layer.mask.add', undefined, (editor, layerId) => editor.session.layerMask('add', layerId), (editor) => activeLayer(editor)?.kind === 'raster' && !activeLayer(editor)?.mask),
  layerAction('layer.mask.apply', undefined, (editor, layerId) => editor.session.layerMask('apply', layerId), (editor) => activeLayer(editor)?.mask !== undefined),
  layerAction('layer.mask.delete', undefined, (editor, layerId) => editor.session.layerMask('delete', layerId), (editor) => activeLayer(editor)?.mask !== undefined),
  layerAction('layer.removeBackground', undefined, (editor) => editor.jobs.removeBackground(), (editor) => activeLayer(editor)?.kind === 'raster'),
  layerAction('layer.removeBackgroundOptions', undefined, async (editor) => editor.openDialog('removeBackground'), (editor) => activeLayer(editor)?.kind === 'raster'),
  toolAction('hand', 'H'),
  toolAction('move', 'V'),
  toolAction('eyedropper', 'I'),
  toolAction('fill', 'G'),
  toolAction('brush', 'B'),
  toolAction('eraser', 'E'),
  toolAction('mask', 'Q'),
  toolAction('maskEraser'),
  toolAction('rectangle', 'M'),
  toolAction('ellipse', 'Shift+M'),
  toolAction('lasso', 'L'),
  toolAction('polygon', 'Shift+L'),
  toolAction('wand', 'W'),
  toolAction('crop', 'C'),
  toolAction('drag', 'D'),
  {
    id: 'drag.apply',
    label: 'action.applyDrag',
    shortcuts: ['Enter'],
    enabled: (editor) => editor.getState().tool === 'drag' && editor.drag.get().pairs.length > 0,
    run: (editor) => editor.jobs.applyDrag(),
  },
  {
    id: 'tool.commit',
    label: 'action.toolCommit',
    shortcuts: ['Enter'],
    enabled: (editor) => editor.tool.canCommit?.() ?? false,
    run: (editor) => editor.tool.commit!(),
  },
  {
    id: 'tool.stepBack',
    label: 'action.toolStepBack',
    shortcuts: ['Backspace'],
    enabled: (editor) => editor.tool.canStepBack?.() ?? false,
    run: (editor) => editor.tool.stepBack!(),
  },
  { id: 'select.all', label: 'action.select.all', menu: 'select', shortcuts: ['Mod+A'], enabled: hasDocument, run: (editor) => editor.selection.selectAll() },
  { id: 'select.subject', label: 'action.select.subject', menu: 'select', shortcuts: ['Mod+Alt+S'], enabled: hasDocument, run: (editor) => editor.selection.subject() },
  // Photoshop's Shift+W cycles its quick and object selection tools, beside the wand's W.
  { id: 'tool.object', label: 'tool.object', menu: 'select', shortcuts: ['Shift+W'], enabled: hasDocument, run: (editor) => editor.setTool('object') },
  ...objectSelectionKeys(),
  { id: 'select.none', label: 'action.select.none', menu: 'select', shortcuts: ['Mod+D'], enabled: hasSelection, run: (editor) => editor.selection.deselect() },
  { id: 'select.invert', label: 'action.select.invert', menu: 'select', shortcuts: ['Mod+Shift+I'], enabled: hasSelection, run: (editor) => editor.selection.invert() },
  { id: 'select.grow', label: 'action.select.grow', menu: 'select', enabled: hasSelection, run: (editor) => editor.selection.grow(editor.getState().selectionAmount) },
  { id: 'select.shrink', label: 'action.select.shrink', menu: 'select', enabled: hasSelection, run: (editor) => editor.selection.grow(-editor.getState().selectionAmount) },
  { id: 'select.feather', label: 'action.select.feather', menu: 'select', enabled: hasSelection, run: (editor) => editor.selection.feather(editor.getState().selectionAmount) },
  { id: 'select.toMask', label: 'action.select.toMask', menu: 'select', enabled: hasSelection, run: (editor) => editor.selection.toMask() },
  {
    id: 'select.fromMask',
    label: 'action.select.fromMask',
    menu: 'select',
    enabled: (editor) => editor.getState().document?.layers.some((layer) => layer.kind === 'mask') ?? false,
    run: (editor) => editor.selection.fromMask(),
  },
  // With the drag tool, [ and ] size the radius its drag moves content within, as they size a brush.
  { id: 'brush.smaller', label: 'action.brushSmaller', shortcuts: ['['], run: (editor) => resize(editor, 1 / 1.25) },
  { id: 'brush.larger', label: 'action.brushLarger', shortcuts: [']'], run: (editor) => resize(editor, 1.25) },
  { id: 'ai.models', label: 'action.models', menu: 'ai', run: (editor) => editor.openDialog('models') },
  { id: 'file.batch', label: 'action.batch', menu: 'file', run: (editor) => editor.openDialog('batch') },
  {
    // The history panel's "Recipe…": the run from the original to the current version, ready to name and record.
    id: 'history.recordRecipe',
    label: 'action.recordRecipe',
    enabled: hasDocument,
    run(editor) {
      editor.batch.chooseRange(undefined, editor.getState().document!.head)
      editor.openDialog('batch')
    },
  },
  {
    id: 'ai.remove',
    label: 'action.remove',
    menu: 'ai',
    shortcuts: ['Shift+Backspace'],
    enabled: editable,
    run: (editor) => editor.jobs.remove(editor.getState().removalEngine),
  },
  {
    id: 'ai.discardCandidates',
    label: 'action.discardCandidates',
    menu: 'ai',
    enabled: (editor) => editor.staging.get().candidates.length > 0,
    run: (editor) => editor.staging.discardAll(),
  },
  ...stagingActions(),
  { id: 'help.language', label: 'action.language', menu: 'help', run: (_editor, host) => host.toggleLanguage() },
  // F1 is Help everywhere; Ctrl/Cmd+/ is the shortcut sheet's key in many editors (Figma, Google Docs). Neither is taken.
  { id: 'help.shortcuts', label: 'action.shortcuts', menu: 'help', shortcuts: ['F1', 'Mod+/'], run: (editor) => editor.openDialog('shortcuts') },
  { id: 'help.about', label: 'action.about', menu: 'help', run: (editor) => editor.openDialog('about') },
]

export const actionById = (id: string): Action => actions.find((action) => action.id === id)!

/**
 * The action a key runs now: the first with that shortcut that can run. Keys like Enter are shared by actions that
 * are never enabled together (apply a drag, close a polygon, commit a transform); undefined when none can run.
 */
export function actionForKey(event: KeyPress, editor: Editor, table: Action[] = actions): Action | undefined {
  return table.find((action) => action.shortcuts?.some((shortcut) => matchesShortcut(event, shortcut)) && (action.enabled?.(editor) ?? true))
}
