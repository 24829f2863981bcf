import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createEditor } from './editor/createEditor'
import { createClient } from './transport/client'
import { App } from './ui/App'
import { i18n } from './ui/i18n'
import './ui/styles.css'

const editor = createEditor(createClient())
editor.words = (key, values) => i18n.t(key, values)
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App editor={editor} />
  </StrictMode>,
)
