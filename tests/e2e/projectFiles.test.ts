import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ProjectStore } from '../../src-main/documents/project'
import { kodakPath } from '../fixtures/evalSet'
import { deliverFile, drawStroke, historyOperations, openThroughMenu } from './page'
import { launchChromium, startWebApp, type WebApp } from './webApp'

const shots = '/tmp/shots'

/** The operations of a project file's history, newest first, read straight from its SQLite file. */
function savedOperations(path: string): string[] {
  const store = ProjectStore.open(path, { readOnly: true })
  try {
    return store.history().map((entry) => entry.operation)
  } finally {
    store.close()
  }
}

describe('projects: Save as, Close, Open and recent (web mode, Chromium)', () => {
  let browser: Browser
  let app: WebApp
  let page: Page

  beforeAll(async () => {
    browser = await launchChromium()
    mkdirSync(shots, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
  })
  beforeEach(async () => {
    app = await startWebApp()
    page = await browser.newPage({ viewport: { width: 1300, height: 820 } })
    await page.goto(app.url)
    await page.getByText('Open a photo to start').waitFor()
  })
  afterEach(async () => {
    await page.close()
    await app.stop()
  })

  const ready = () => page.getByTestId('status').filter({ hasText: 'Ready' }).waitFor()
  const saveAsDialog = () => page.getByRole('dialog', { name: 'Save as' })
  const projectOf = (name: string) => join(app.dataDir, 'projects', `${name}.zproj`)
  const atStartScreen = async () => {
    await page.getByText('Open a photo to start').waitFor()
    await ready()
    expect(await page.locator('footer').getByText(/· 768×512/).count()).toBe(0)
  }

  async function openPhoto(index: number): Promise<void> {
    await openThroughMenu(page, kodakPath(index))
    await page.getByText(`kodim0${index}.png · 768×512`).waitFor()
    await ready()
  }

  async function paintOnce(versions: number): Promise<void> {
    await page.keyboard.press('b')
    await drawStroke(page, [[100, 100], [300, 200]])
    await historyOperations(page, versions)
    await ready()
  }

  async function trySaveAs(path: string): Promise<void> {
    await saveAsDialog().getByRole('textbox').fill(path)
    await saveAsDialog().getByRole('button', { name: 'Save', exact: true }).click()
  }

  async function chooseFromFileMenu(action: string): Promise<void> {
    await page.getByRole('button', { name: 'File', exact: true }).click()
    await page.locator(`[data-action="${action}"]`).click()
  }

  it('refuses Save as onto the open project, under any spelling of its path, and the project keeps its history', async () => {
    await openPhoto(3)
    await paintOnce(2)
    await page.keyboard.press('Control+Shift+S')
    // The dialog starts at main's free name beside the project.
    await expect(saveAsDialog().getByRole('textbox').inputValue()).resolves.toBe(projectOf('kodim03 copy'))

    for (const itself of [projectOf('kodim03'), join(app.dataDir, 'projects', '..', 'projects', 'kodim03.zproj')]) {
      await trySaveAs(itself)
      await expect(saveAsDialog().getByTestId('save-as-problem').textContent()).resolves.toContain('is a project that is open')
      // No way to replace it is offered.
      expect(await saveAsDialog().getByRole('button', { name: 'Replace' }).count()).toBe(0)
    }
    await page.screenshot({ path: `${shots}/projects-save-as-in-use-en.png` })
    await trySaveAs('kodim03 copy.zproj')
    await expect(saveAsDialog().getByTestId('save-as-problem').textContent()).resolves.toContain('Type the full path')
    await saveAsDialog().getByRole('button', { name: 'Cancel' }).click()
    await saveAsDialog().waitFor({ state: 'detached' })

    expect(savedOperations(projectOf('kodim03'))).toEqual(['brush', 'open'])
    // The project is still the one open and takes the next edit.
    await paintOnce(3)
    expect(await page.getByRole('alert').count()).toBe(0)
    expect(savedOperations(projectOf('kodim03'))).toEqual(['brush', 'brush', 'open'])
  })

  it('asks before replacing another existing file, and replaces it only when told to', async () => {
    await openPhoto(3)
    await paintOnce(2)
    const other = join(app.dataDir, 'other.zproj')
    writeFileSync(other, 'keep me')

    await page.keyboard.press('Control+Shift+S')
    await trySaveAs(other)
    await expect(saveAsDialog().getByTestId('save-as-replace').textContent()).resolves.toContain(`${other} already exists. Replace it?`)
    await page.screenshot({ path: `${shots}/projects-save-as-replace-en.png` })
    expect(readFileSync(other, 'utf8')).toBe('keep me')
    await saveAsDialog().getByRole('button', { name: 'Choose another name' }).click()
    await expect(saveAsDialog().getByRole('textbox').inputValue()).resolves.toBe(other)
    expect(readFileSync(other, 'utf8')).toBe('keep me')

    await saveAsDialog().getByRole('button', { name: 'Save', exact: true }).click()
    await saveAsDialog().getByRole('button', { name: 'Replace' }).click()
    await saveAsDialog().waitFor({ state: 'detached' })
    await page.getByTestId('notice').filter({ hasText: other }).waitFor()
    expect(savedOperations(other)).toEqual(['brush', 'open'])

    // The suggested name is free, so Save there writes at once.
    await page.keyboard.press('Control+Shift+S')
    await saveAsDialog().getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByTestId('notice').filter({ hasText: projectOf('kodim03 copy') }).waitFor()
    expect(savedOperations(projectOf('kodim03 copy'))).toEqual(['brush', 'open'])
  })

  it('closes with File › Close and Ctrl+W, back to the start screen, where a reload stays', async () => {
    await openPhoto(3)
    await chooseFromFileMenu('file.close')
    await atStartScreen()
    await page.reload()
    await atStartScreen()

    await openPhoto(5)
    await page.keyboard.press('Control+W')
    await atStartScreen()
    await page.reload()
    await atStartScreen()
    // Both are on the start screen's recent list.
    const recent = page.getByRole('region', { name: 'Recent projects' })
    await expect(recent.getByRole('button').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('kodim03'), expect.stringContaining('kodim05')]))
  })

  it('reopens a project from the start screen, and opens a .zproj from File › Open or a drop as a copy', async () => {
    await openPhoto(3)
    await paintOnce(2)
    await page.keyboard.press('Control+W')
    await atStartScreen()

    await page.getByRole('region', { name: 'Recent projects' }).getByRole('button', { name: /kodim03/ }).click()
    expect(await historyOperations(page, 2)).toEqual(['Brush stroke', 'Open'])
    await page.keyboard.press('Control+W')
    await atStartScreen()

    await openThroughMenu(page, projectOf('kodim03'))
    await page.getByTestId('notice').filter({ hasText: 'is a project: it opened as a copy' }).waitFor()
    expect(await historyOperations(page, 2)).toEqual(['Brush stroke', 'Open'])
    expect(await page.getByRole('alert').count()).toBe(0)
    await page.keyboard.press('Control+W')
    await atStartScreen()

    await deliverFile(page, 'drop', { name: 'kodim03.zproj', mimeType: 'application/octet-stream', buffer: await readFile(projectOf('kodim03')) })
    await page.getByTestId('notice').filter({ hasText: 'is a project: it opened as a copy' }).waitFor()
    expect(await historyOperations(page, 2)).toEqual(['Brush stroke', 'Open'])
  })

  it('lists recent projects in File › Open recent, and opens the one chosen', async () => {
    await page.getByRole('button', { name: 'File', exact: true }).click()
    await expect(page.locator('[data-action="file.recent"]').isDisabled()).resolves.toBe(true)
    await page.getByRole('button', { name: 'File', exact: true }).click()

    await openPhoto(3)
    await paintOnce(2)
    await openPhoto(5)
    await page.getByRole('button', { name: 'File', exact: true }).click()
    await page.locator('[data-action="file.recent"]').hover()
    const submenu = page.getByRole('menu', { name: 'Open recent' })
    await expect(submenu.getByRole('menuitem').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('kodim03'), expect.stringContaining('kodim05')]))
    await page.screenshot({ path: `${shots}/projects-recent-en.png` })
    await submenu.getByRole('menuitem', { name: /kodim03/ }).click()
    await page.getByText('kodim03.png · 768×512').waitFor()
    expect(await historyOperations(page, 2)).toEqual(['Brush stroke', 'Open'])
  })

  it('speaks Chinese in the Save as dialog, its refusals and the recent submenu', async () => {
    await page.getByRole('button', { name: 'Help', exact: true }).click()
    await page.locator('[data-action="help.language"]').click()
    await page.getByText('打开一张照片开始编辑').waitFor()
    await openThroughMenu(page, kodakPath(3))
    await page.getByText('kodim03.png · 768×512').waitFor()
    const other = join(app.dataDir, 'other.zproj')
    writeFileSync(other, 'keep me')

    await page.keyboard.press('Control+Shift+S')
    const dialog = page.getByRole('dialog', { name: '另存为' })
    await dialog.getByRole('textbox').fill(projectOf('kodim03'))
    await dialog.getByRole('button', { name: '保存', exact: true }).click()
    await expect(dialog.getByTestId('save-as-problem').textContent()).resolves.toContain('是正在打开的项目')
    await page.screenshot({ path: `${shots}/projects-save-as-in-use-zh.png` })
    await dialog.getByRole('textbox').fill(other)
    await dialog.getByRole('button', { name: '保存', exact: true }).click()
    await expect(dialog.getByTestId('save-as-replace').textContent()).resolves.toContain('已存在。要替换它吗？')
    await page.screenshot({ path: `${shots}/projects-save-as-replace-zh.png` })
    await dialog.getByRole('button', { name: '替换' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(savedOperations(other)).toEqual(['open'])

    await page.getByRole('button', { name: '文件', exact: true }).click()
    await page.locator('[data-action="file.recent"]').hover()
    await page.getByRole('menu', { name: '最近打开' }).getByRole('menuitem', { name: /kodim03/ }).first().waitFor()
    await page.screenshot({ path: `${shots}/projects-recent-zh.png` })
    await page.getByRole('menuitem', { name: /关闭/ }).click()
    await page.getByText('打开一张照片开始编辑').waitFor()
    await page.screenshot({ path: `${shots}/projects-start-zh.png` })
  })
})
