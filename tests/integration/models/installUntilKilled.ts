/**
 * An app that dies mid-download: installs a repo from the Hub at argv's endpoint, printing each progress
 * report as a JSON line, until the test kills it. It is killed while downloading, so it never reaches the
 * graph check, the one step that needs a compute host.
 */
import { ModelManager } from '../../../src-main/models/ModelManager'
import { HubSettings } from '../../../src-main/models/hub/HubSettings'

const [modelsDir, userDataDir, repo] = process.argv.slice(2) as [string, string, string]
const unreachable = async (): Promise<never> => {
  throw new Error('installUntilKilled is killed before its graphs are checked')
}
const models = new ModelManager(modelsDir, { checkGraphs: unreachable, forget: unreachable }, new HubSettings(userDataDir), (progress) =>
  process.stdout.write(`${JSON.stringify(progress)}\n`),
)
await models.installFromHub(repo)
